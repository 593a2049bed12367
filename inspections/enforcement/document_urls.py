from django.urls import path

from inspections.enforcement import document_views

app_name = "documents"

urlpatterns = [
    path("<int:pk>/", document_views.detail, name="detail"),
    path("new/<int:enterprise_pk>/<str:kind>/", document_views.issue, name="issue"),
]
