from django.urls import include, path

from inspections.enforcement import (
    case_views,
    deadline_views,
    payment_views,
    procedure_views,
    violation_views,
    volume_views,
)

app_name = "cases"

urlpatterns = [
    path("", case_views.CaseListView.as_view(), name="list"),
    path("deadlines/", deadline_views.DeadlineListView.as_view(), name="deadlines"),
    path("dishonest/", include("inspections.enforcement.dishonest_urls")),
    path("drafts/", procedure_views.PendingDraftListView.as_view(), name="drafts"),
    path("<int:pk>/", case_views.detail, name="detail"),
    path("<int:pk>/volume/", volume_views.volume, name="volume"),
    path("<int:pk>/volume.pdf", volume_views.volume_pdf, name="volume_pdf"),
    path("new/<int:enterprise_pk>/", case_views.open_case, name="open"),
    path("<int:pk>/violations/", violation_views.case_violations, name="violations"),
    path("<int:pk>/violations/<int:item_pk>/edit/", violation_views.case_violation_edit, name="violation_edit"),
    path("<int:pk>/violations/<int:item_pk>/remove/", violation_views.remove_case_violation, name="violation_remove"),
    path("<int:pk>/payment/pay/", payment_views.record_payment, name="payment_record"),
    path("<int:pk>/payment/arrangement/", payment_views.apply_arrangement, name="arrangement_apply"),
    path(
        "<int:pk>/payment/arrangement/<int:arrangement_pk>/decide/",
        payment_views.decide_arrangement,
        name="arrangement_decide",
    ),
    path("<int:pk>/payment/ruling/", payment_views.record_ruling, name="ruling_record"),
    path("<int:pk>/drafts/new/<str:kind>/", procedure_views.draft_new, name="draft_new"),
    path("<int:pk>/drafts/<int:draft_pk>/", procedure_views.draft_detail, name="draft"),
    path("<int:pk>/drafts/<int:draft_pk>/edit/", procedure_views.draft_edit, name="draft_edit"),
    path("<int:pk>/drafts/<int:draft_pk>/submit/", procedure_views.draft_submit_view, name="draft_submit"),
    path("<int:pk>/drafts/<int:draft_pk>/approve/", procedure_views.draft_approve_view, name="draft_approve"),
    path("<int:pk>/drafts/<int:draft_pk>/return/", procedure_views.draft_return_view, name="draft_return"),
    path("<int:pk>/documents/<int:document_pk>/serve/", procedure_views.serve, name="serve"),
    path("<int:pk>/party/<str:kind>/", procedure_views.party_choice, name="party"),
]
