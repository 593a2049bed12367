from django.urls import path

from bureau.accounts import audit_views as views

app_name = "audit"

urlpatterns = [
    path("", views.trail_list, name="list"),
    path("sign-ins/", views.SignInEventListView.as_view(), name="sign_ins"),
]
