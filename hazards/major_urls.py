from django.urls import path

from hazards import criteria_views

app_name = "major_hazards"

urlpatterns = [
    path("criteria/", criteria_views.CriterionListView.as_view(), name="criteria"),
]
