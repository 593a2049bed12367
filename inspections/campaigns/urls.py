from django.urls import path

from inspections.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.CampaignListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/targets/", views.generate_targets, name="generate_targets"),
    path("<int:pk>/targets/mark/", views.mark_targets, name="mark_targets"),
    path("targets/<int:pk>/mark/", views.mark_target, name="mark_target"),
]
