from django.urls import path

from inspections.enforcement import case_views, violation_views

app_name = "cases"

urlpatterns = [
    path("", case_views.CaseListView.as_view(), name="list"),
    path("<int:pk>/", case_views.detail, name="detail"),
    path("<int:pk>/advance/", case_views.advance, name="advance"),
    path("new/<int:enterprise_pk>/", case_views.open_case, name="open"),
    path("<int:pk>/violations/", violation_views.case_violations, name="violations"),
    path("<int:pk>/violations/<int:item_pk>/edit/", violation_views.case_violation_edit, name="violation_edit"),
    path("<int:pk>/violations/<int:item_pk>/remove/", violation_views.remove_case_violation, name="violation_remove"),
]
