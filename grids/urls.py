from django.urls import path

from grids import views

app_name = "grids"

urlpatterns = [
    path("", views.tree, name="tree"),
    path("unassigned/", views.unassigned, name="unassigned"),
    path("<str:code>/", views.detail, name="detail"),
    path("<str:code>/assign/", views.assign, name="assign"),
    path("<str:code>/assignments/<int:pk>/end/", views.end_assignment, name="end_assignment"),
]
