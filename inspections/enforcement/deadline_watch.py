"""Which open case deadlines are due soon or past (案件期限预警): the 超期 list's filter, the dashboard's figures and
the daily notices all ask here, so they agree on the same rows. "Soon" counts working days (bureau.workdays)."""

from django.db.models import Q

from bureau import workdays

# The list and figures: due within this many working days from today (today included).
SOON_WORKING_DAYS = 3


def soon_until(today, days=SOON_WORKING_DAYS):
    """The last due date that is still "soon": the `days`-th working day after today."""
    return workdays.add_working_days(today, days)


def overdue(today):
    return Q(due_on__lt=today)


def due_soon(today, days=SOON_WORKING_DAYS):
    return Q(due_on__gte=today, due_on__lte=soon_until(today, days))


def not_yet_due(today):
    return Q(due_on__gte=today)


# The list's filter: code -> (label, condition for today).
STATES = {
    "pending": ("未到期", not_yet_due),
    "soon": (f"即将到期（{SOON_WORKING_DAYS}个工作日内）", due_soon),
    "overdue": ("已超期", overdue),
}


def with_working_days_left(deadlines, today):
    """The rows of `deadlines` with `.left`: working days to their due date (negative: working days past it), and
    for those past it `.days_overdue`: calendar days, never 0 (a deadline due on Friday is one day late on Saturday,
    though no working day has passed)."""
    rows = list(deadlines)
    apart = workdays.working_days_from(today, {row.due_on for row in rows})
    for row in rows:
        row.left = apart[row.due_on]
        row.is_overdue = row.due_on < today
        row.days_overdue = (today - row.due_on).days
        row.working_days_overdue = -row.left
    return rows
