"""A case's deadlines (案件期限): set when the step that starts them happens, met when the step they wait for is
done. Every due date comes from `bureau.workdays`, so one holiday calendar decides them all."""

from bureau import workdays
from inspections.enforcement.models import CaseDeadline


def deadline_set(*, case, code, label, starts_on, days, working_days):
    """Open (or restart) the deadline `code` of `case`: `days` working or calendar days from `starts_on`.
    Called inside the service that starts the period; returns the row."""
    count = workdays.add_working_days if working_days else workdays.add_days
    row, _ = CaseDeadline.objects.update_or_create(
        case=case,
        code=code,
        defaults={
            "label": label,
            "starts_on": starts_on,
            "due_on": count(starts_on, days),
            "working_days": working_days,
            "met_on": None,
        },
    )
    return row


def deadline_meet(*, case, code, on):
    """Mark the deadline `code` met on `on` (no row: nothing to meet); returns how many rows changed."""
    return CaseDeadline.objects.filter(case=case, code=code, met_on__isnull=True).update(met_on=on)


def open_deadlines(cases):
    """The open deadlines of `cases` (a queryset the caller scoped), soonest first."""
    return CaseDeadline.objects.filter(case__in=cases, met_on__isnull=True).select_related("case__enterprise")
