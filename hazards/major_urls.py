"""/major-hazards/: the major hazards board, listed supervision (挂牌督办) and the national criteria."""

from django.urls import path

from hazards import criteria_views, listing_views

app_name = "major_hazards"

urlpatterns = [
    path("", listing_views.board, name="board"),
    path("criteria/", criteria_views.CriterionListView.as_view(), name="criteria"),
    path("criteria/<slug:code>/edit/", criteria_views.edit, name="criterion_edit"),
    path("listings/", listing_views.ListingListView.as_view(), name="listings"),
    path("hazards/<int:pk>/list/", listing_views.create, name="create"),
    path("listings/<int:pk>/edit/", listing_views.edit, name="edit"),
    path("listings/<int:pk>/progress/", listing_views.progress, name="progress"),
    path("listings/<int:pk>/accept/", listing_views.accept, name="accept"),
]
