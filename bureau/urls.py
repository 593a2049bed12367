from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bureau.accounts.first_password import PasswordChangeView
from bureau.accounts.forms import PortalAuthenticationForm
from bureau.assessment.urls import bulletin_urlpatterns, ranking_urlpatterns
from bureau.dashboard import views as dashboard_views

urlpatterns = [
    path("", dashboard_views.home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", PasswordChangeView.as_view(), name="password_change"),
    path("accounts/users/", include("enterprises.users.urls")),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("grids/", include("grids.urls")),
    path("calendar/", include("bureau.calendar.urls")),
    path("notifications/", include("bureau.accounts.notification_urls")),
    path("enterprises/", include("enterprises.urls")),
    path("self-checks/", include("hazards.self_check_urls")),
    path("hazards/", include("hazards.urls")),
    path("major-hazards/", include("hazards.major_urls")),
    path("campaigns/", include("inspections.campaigns.urls")),
    path("draws/", include("inspections.planning.urls")),
    path("plans/", include("inspections.planning.plan_urls")),
    path("audit/", include("bureau.accounts.audit_urls")),
    path("inspections/", include("inspections.inspection.urls")),
    path("documents/", include("inspections.enforcement.document_urls")),
    path("cases/", include("inspections.enforcement.case_urls")),
    path("violations/", include("inspections.enforcement.violation_urls")),
    path("rankings/", include((ranking_urlpatterns, "rankings"))),
    path("bulletins/", include((bulletin_urlpatterns, "bulletins"))),
    path("public/", include("bureau.public.urls")),
    path("healthz", dashboard_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
# The portal's Chinese error pages (bureau.errors): they never read the request body, which may be what failed. A
# database that cannot be reached gets the 503 page (templates/503.html) instead of the 500 page.
handler400 = "bureau.errors.bad_request"
handler403 = "bureau.errors.permission_denied"
handler404 = "bureau.errors.page_not_found"
handler500 = "bureau.errors.server_error"
