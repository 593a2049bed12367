"""Investigation report deadlines (第二十九条) warned about before they pass: each investigation not yet approved
whose report is due within WARN_DAYS calendar days, and each past it, told once to its drafter and to bureau staff."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Coalesce

from bureau.accounts.services import notify
from bureau.roles import Role, active_users
from inspections.accidents.models import Investigation

WARN_DAYS = 7


def open_investigations():
    return (
        Investigation.objects.exclude(status=Investigation.Status.APPROVED)
        .annotate(report_due_on=Coalesce("extended_to", "due_on"))
        .select_related("accident__enterprise", "drafted_by")
    )


def _report_due(lookup, value):
    """An accident whose investigation report is due (extended_to, else due_on) by `lookup` (lt, range)."""
    return Q(**{f"investigation__extended_to__{lookup}": value}) | Q(
        **{"investigation__extended_to__isnull": True, f"investigation__due_on__{lookup}": value}
    )


def accidents_report_overdue_q(today):
    """Accidents whose investigation report is past its deadline and not approved (逾期)."""
    return ~Q(investigation__status=Investigation.Status.APPROVED) & _report_due("lt", today)


def accidents_report_due_soon_q(today, days=WARN_DAYS):
    """Accidents whose investigation report falls due within `days` calendar days, today included (即将到期)."""
    return ~Q(investigation__status=Investigation.Status.APPROVED) & _report_due(
        "range", (today, today + timedelta(days=days))
    )


def due_soon_or_past(today, days=WARN_DAYS):
    return open_investigations().filter(Q(report_due_on__lte=today + timedelta(days=days)))


@transaction.atomic
def investigation_deadline_notices(today):
    """Returns how many notices were created, e.g. {"due_soon": 1, "overdue": 0}."""
    staff = list(active_users(Role.STAFF))
    created = {"due_soon": 0, "overdue": 0}
    for investigation in due_soon_or_past(today):
        due = investigation.report_due_on
        accident = investigation.accident
        where = f"{accident.enterprise.name} {accident.date:%Y-%m-%d} 事故的调查报告"
        if due < today:
            stage, message = "overdue", f"{where}已超期：期限 {due:%Y-%m-%d}，已超过 {(today - due).days} 天。"
        else:
            stage, message = "due_soon", f"{where}将于 {due:%Y-%m-%d} 到期，还剩 {(due - today).days} 天。"
        key = f"investigation_deadline:{stage}:{investigation.pk}:{due.isoformat()}"
        people = [investigation.drafted_by, *staff] if investigation.drafted_by.is_active else staff
        for user in dict.fromkeys(people):
            created[stage] += notify(user=user, key=key, message=message, url=accident.get_absolute_url())
    return created
