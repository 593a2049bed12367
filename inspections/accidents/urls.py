from django.urls import path

from inspections.accidents import views

app_name = "accidents"

urlpatterns = [
    path("", views.AccidentListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("follow-ups/new/", views.follow_up_create, name="follow_up_create"),
    path("follow-ups/<int:pk>/edit/", views.follow_up_edit, name="follow_up_edit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/supplement/", views.supplement, name="supplement"),
    path("<int:pk>/investigation/", views.investigation, name="investigation"),
    path("<int:pk>/investigation/extend/", views.extend, name="extend"),
    path("<int:pk>/investigation/submit/", views.submit, name="submit"),
    path("<int:pk>/investigation/approve/", views.approve, name="approve"),
    path("<int:pk>/investigation/return/", views.send_back, name="return"),
    path("<int:pk>/follow-ups/new/", views.follow_up_create, name="accident_follow_up_create"),
]
