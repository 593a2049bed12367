from django.urls import path

from inspections.enforcement import document_list_views, document_views

app_name = "documents"

urlpatterns = [
    path("", document_list_views.DocumentRegisterView.as_view(), name="register"),
    path("suspensions/", document_list_views.SuspensionListView.as_view(), name="suspensions"),
    path("fines/", document_list_views.FineListView.as_view(), name="fines"),
    path("<int:pk>/", document_views.detail, name="detail"),
    path("new/<int:enterprise_pk>/<str:kind>/", document_views.issue, name="issue"),
]
