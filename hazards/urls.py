from django.urls import path

from hazards import views

app_name = "hazards"

urlpatterns = [
    path("", views.HazardListView.as_view(), name="list"),
    path("new/", views.report, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/do/<str:action>/", views.transition, name="transition"),
    path("<int:pk>/chase/", views.chase, name="chase"),
    path("<int:pk>/extension/", views.request_extension, name="request_extension"),
    path("extensions/<int:pk>/decide/", views.decide_extension, name="decide_extension"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
