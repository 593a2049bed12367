from django.urls import path

from inspections.enforcement import case_views, deadline_views

app_name = "cases"

urlpatterns = [
    path("", case_views.CaseListView.as_view(), name="list"),
    path("deadlines/", deadline_views.DeadlineListView.as_view(), name="deadlines"),
    path("<int:pk>/", case_views.detail, name="detail"),
    path("<int:pk>/advance/", case_views.advance, name="advance"),
    path("new/<int:enterprise_pk>/", case_views.open_case, name="open"),
]
