from django.urls import path

from inspections.inspection import participation_views, views
from inspections.registers.urls import registry_urlpatterns

app_name = "inspections"

urlpatterns = [
    path("", views.InspectionListView.as_view(), name="list"),
    path("new/", views.create, name="create"),
    path("inspectors/", participation_views.InspectorVisitListView.as_view(), name="inspector_visits"),
    path("expert-visits/", participation_views.ExpertVisitListView.as_view(), name="expert_visits"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/checklist/", views.record_checklist, name="checklist"),
    path("<int:pk>/findings/new/", views.add_finding, name="add_finding"),
]
urlpatterns += registry_urlpatterns
