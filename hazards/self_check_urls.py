from django.urls import path

from hazards import coverage_views
from hazards import self_check_views as views

app_name = "self_checks"

urlpatterns = [
    path("", views.self_check_list, name="list"),
    path("submit/", views.submit, name="submit"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path("<int:pk>/", views.self_check_detail, name="detail"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/submit/", views.submit_statistics, name="statistics_submit"),
]
