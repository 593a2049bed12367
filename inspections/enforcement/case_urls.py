from django.urls import include, path

from inspections.enforcement import case_views, deadline_views, payment_views, violation_views, volume_views

app_name = "cases"

urlpatterns = [
    path("", case_views.CaseListView.as_view(), name="list"),
    path("deadlines/", deadline_views.DeadlineListView.as_view(), name="deadlines"),
    path("dishonest/", include("inspections.enforcement.dishonest_urls")),
    path("<int:pk>/", case_views.detail, name="detail"),
    path("<int:pk>/volume/", volume_views.volume, name="volume"),
    path("<int:pk>/volume.pdf", volume_views.volume_pdf, name="volume_pdf"),
    path("<int:pk>/advance/", case_views.advance, name="advance"),
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
]
