"""The expert registry and talks; included into the `inspections` namespace by inspections/inspection/urls.py."""

from django.urls import path

from inspections.registers import views

registry_urlpatterns = [
    path("experts/", views.ExpertListView.as_view(), name="experts"),
    path("experts/new/", views.expert_create, name="expert_create"),
    path("experts/<int:pk>/edit/", views.expert_edit, name="expert_edit"),
    path("talks/", views.TalkListView.as_view(), name="talks"),
    path("talks/new/", views.talk_create, name="talk_create"),
]
