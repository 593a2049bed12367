from django.urls import path

from inspections.enforcement import case_views, procedure_views

app_name = "cases"

urlpatterns = [
    path("", case_views.CaseListView.as_view(), name="list"),
    path("drafts/", procedure_views.PendingDraftListView.as_view(), name="drafts"),
    path("<int:pk>/", case_views.detail, name="detail"),
    path("<int:pk>/advance/", case_views.advance, name="advance"),
    path("new/<int:enterprise_pk>/", case_views.open_case, name="open"),
    path("<int:pk>/drafts/new/<str:kind>/", procedure_views.draft_new, name="draft_new"),
    path("<int:pk>/drafts/<int:draft_pk>/", procedure_views.draft_detail, name="draft"),
    path("<int:pk>/drafts/<int:draft_pk>/edit/", procedure_views.draft_edit, name="draft_edit"),
    path("<int:pk>/drafts/<int:draft_pk>/submit/", procedure_views.draft_submit_view, name="draft_submit"),
    path("<int:pk>/drafts/<int:draft_pk>/approve/", procedure_views.draft_approve_view, name="draft_approve"),
    path("<int:pk>/drafts/<int:draft_pk>/return/", procedure_views.draft_return_view, name="draft_return"),
    path("<int:pk>/documents/<int:document_pk>/serve/", procedure_views.serve, name="serve"),
    path("<int:pk>/party/<str:kind>/", procedure_views.party_choice, name="party"),
]
