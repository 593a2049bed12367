from django.urls import path

from inspections.enforcement import case_views, deadline_views, payment_views

app_name = "cases"

urlpatterns = [
    path("", case_views.CaseListView.as_view(), name="list"),
    path("deadlines/", deadline_views.DeadlineListView.as_view(), name="deadlines"),
    path("<int:pk>/", case_views.detail, name="detail"),
    path("<int:pk>/advance/", case_views.advance, name="advance"),
    path("new/<int:enterprise_pk>/", case_views.open_case, name="open"),
    path("<int:pk>/payment/pay/", payment_views.record_payment, name="payment_record"),
    path("<int:pk>/payment/arrangement/", payment_views.apply_arrangement, name="arrangement_apply"),
    path(
        "<int:pk>/payment/arrangement/<int:arrangement_pk>/decide/",
        payment_views.decide_arrangement,
        name="arrangement_decide",
    ),
    path("<int:pk>/payment/ruling/", payment_views.record_ruling, name="ruling_record"),
]
