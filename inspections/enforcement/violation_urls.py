from django.urls import path

from inspections.enforcement import violation_views

app_name = "violations"

urlpatterns = [
    path("", violation_views.ViolationListView.as_view(), name="list"),
    path("<int:pk>/", violation_views.detail, name="detail"),
    path("<int:pk>/edit/", violation_views.edit, name="edit"),
]
