from django.urls import path

from bureau.calendar import views

app_name = "calendar"

urlpatterns = [
    path("", views.year, name="year"),
    path("new/", views.create, name="create"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
