from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bureau.accounts.roles import Role, role_of
from bureau.accounts.services import profile_of
from bureau.dashboard import health
from bureau.dashboard.figures import home_figures, officer_watch_list


def home(request):
    """Staff see the dashboard; an enterprise user's home is its own dossier."""
    profile = profile_of(request.user)
    if role_of(request.user) == Role.ENTERPRISE and profile and profile.enterprise_id:
        return redirect("enterprises:detail", pk=profile.enterprise_id)
    return render(
        request,
        "dashboard/home.html",
        {"figures": home_figures(request.user), "watch": officer_watch_list(request.user)},
    )


@require_GET
@never_cache
@login_not_required
def healthz(request):
    checks = health.run_checks()
    ok = all(check["ok"] for check in checks.values() if check["required"])
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
