from django.urls import path

from inspections.planning import plan_views

app_name = "plans"

urlpatterns = [
    path("", plan_views.plan_list, name="list"),
    path("new/", plan_views.plan_create, name="create"),
    path("planned/", plan_views.planned_list, name="planned"),
    path("over-planned/", plan_views.over_planned_list, name="over_planned"),
    path("<int:pk>/", plan_views.plan_detail, name="detail"),
    path("<int:pk>/edit/", plan_views.plan_edit, name="edit"),
    path("<int:pk>/approve/", plan_views.plan_approve_view, name="approve"),
    path("<int:pk>/revise/", plan_views.plan_revise_view, name="revise"),
]
