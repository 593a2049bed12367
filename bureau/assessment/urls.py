"""URLs of the quarterly assessment, in two lists the project includes under their own namespaces:

path("rankings/", include((ranking_urlpatterns, "rankings"))),
path("bulletins/", include((bulletin_urlpatterns, "bulletins"))),
"""

from django.urls import path, register_converter

from bureau.assessment import views_bulletins, views_rankings, views_records
from bureau.quarters import Quarter


class QuarterConverter:
    """`2026Q3` in a URL ⇄ Quarter(2026, 3); anything else, a year the portal does not support included (0001Q1,
    9999Q4: Quarter.parse), does not match: a 404 before any view runs or writes."""

    regex = r"[0-9]{4}Q[1-4]"

    def to_python(self, value):
        return Quarter.parse(value)

    def to_url(self, value):
        return value.slug if isinstance(value, Quarter) else Quarter.parse(str(value)).slug


register_converter(QuarterConverter, "quarter")

ranking_urlpatterns = [
    path("", views_rankings.ranking_list, name="list"),
    path("accidents/new/", views_records.accident_create, name="accident_create"),
    path("accountability/", views_records.accountability_list, name="accountability_list"),
    path("accountability/new/", views_records.accountability_create, name="accountability_create"),
    path("pre-deductions/<int:pk>/restore/", views_records.restore, name="restore"),
    path("<quarter:quarter>/", views_rankings.ranking_detail, name="detail"),
    path("<quarter:quarter>/compute/", views_rankings.compute, name="compute"),
    path("<quarter:quarter>/pre-deductions/new/", views_records.pre_deduction_create_view, name="pre_deduction_create"),
    path("<quarter:quarter>/bulletin/", views_rankings.draft_bulletin, name="draft_bulletin"),
]

bulletin_urlpatterns = [
    path("", views_bulletins.BulletinListView.as_view(), name="list"),
    path("<int:pk>/", views_bulletins.detail, name="detail"),
    path("<int:pk>/publish/", views_bulletins.publish, name="publish"),
    path("<int:pk>/correct/", views_bulletins.correct, name="correct"),
]
