from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bureau.dashboard import health
from bureau.dashboard.figures import dashboard_figures, kept_campaigns, officer_watch_list
from bureau.dashboard.forms import PeriodForm
from bureau.dashboard.todo import approvals_waiting, inspector_todo, officer_todo
from bureau.figures import Period
from bureau.roles import Role, is_bureau, role_of
from enterprises.permissions import enterprise_id_of


def _period(request):
    """The period picked in the GET form; this year so far when none was picked or it is not valid."""
    today = timezone.localdate()
    default = {"start": date(today.year, 1, 1), "end": today}
    if "start" not in request.GET and "end" not in request.GET:
        return PeriodForm(initial=default), Period(**default)
    form = PeriodForm(request.GET)
    data = form.cleaned_data if form.is_valid() else default
    return form, Period(data["start"], data["end"])


def home(request):
    """Staff see the dashboard; an enterprise user's home is its own dossier.

    Every figure is counted afresh from the records on each request (no cache), so none is older than the last
    write: the bench keeps the page within its query budget and throughput (bench/)."""
    if role_of(request.user) == Role.ENTERPRISE:  # the profile is read only for them: this is everyone's home page
        own = enterprise_id_of(request.user)
        if own:
            return redirect("enterprises:detail", pk=own)
    context = {
        "watch": officer_watch_list(request.user),
        # To-do lists beside the figures, never counted by them (bureau.dashboard.todo).
        "officer_todo": officer_todo(request.user),
        "inspector_todo": inspector_todo(request.user),
        "approvals": approvals_waiting(request.user),
    }
    period = None
    if is_bureau(request.user):
        form, period = _period(request)
        context.update(period_form=form, period=period, campaigns=kept_campaigns(request.user, period))
    context.update(dashboard_figures(request.user, period))
    return render(request, "dashboard/home.html", context)


@require_GET
@never_cache
@login_not_required
def healthz(request):
    checks = health.run_checks()
    ok = all(check["ok"] for check in checks.values() if check["required"])
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
