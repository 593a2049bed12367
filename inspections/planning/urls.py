from django.urls import path

from inspections.planning import views

app_name = "draws"

urlpatterns = [
    path("", views.DrawListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/run/", views.run, name="run"),
    path("<int:pk>/record.json", views.record, name="record"),
]
