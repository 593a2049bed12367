from datetime import date

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bureau.dashboard import health
from bureau.dashboard.figures import dashboard_figures, kept_campaigns, officer_watch_list
from bureau.dashboard.forms import PeriodForm
from bureau.dashboard.todo import approvals_waiting, inspector_todo, officer_todo
from bureau.figures import Period, kept_values
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

    What the page shows alike to everyone acting in a role is built by `role_home` (kept for the bureau's roles until
    the next write); each user's own lists (a grid officer's watch list, the to-do lists) are read afresh."""
    if role_of(request.user) == Role.ENTERPRISE:  # the profile is read only for them: this is everyone's home page
        own = enterprise_id_of(request.user)
        if own:
            return redirect("enterprises:detail", pk=own)
    context = {
        "watch": officer_watch_list(request.user),
        # To-do lists beside the figures, never counted by them (bureau.dashboard.todo).
        "officer_todo": officer_todo(request.user),
        "inspector_todo": inspector_todo(request.user),
    }
    period = None
    if is_bureau(request.user):
        form, period = _period(request)
        context.update(period_form=form, period=period)
    context.update(role_home(request.user, period))
    return render(request, "dashboard/home.html", context)


def role_home(user, period):
    """The home cards and, for the bureau, the panels and the campaigns, rendered (`figures_html`), and the documents
    waiting for approval (`approvals`): nothing of the user but what their role sees. For the bureau's roles it is
    kept like the figures' values (bureau.figures.kept_values: per role and period, until the next write to what they
    count): rendering some forty figure links was most of the page's time once the values were kept."""

    def build():
        context = dashboard_figures(user, period)
        if period:
            context.update(period=period, campaigns=kept_campaigns(user, period))
        panels = render_to_string("dashboard/_panels.html", context) if context["panels"] else ""
        rendered = {"cards": render_to_string("dashboard/_cards.html", context), "panels": panels}
        return {"figures_html": rendered, "approvals": approvals_waiting(user)}

    if is_bureau(user):
        return kept_values(role_of(user), period, ["dashboard:home"], build)
    return build()


@require_GET
@never_cache
@login_not_required
def healthz(request):
    checks = health.run_checks()
    ok = all(check["ok"] for check in checks.values() if check["required"])
    return JsonResponse({"ok": ok, "checks": checks}, status=200 if ok else 503)
