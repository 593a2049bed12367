"""Demo case deadlines: the penalty procedure sets them as its steps happen; when the demo's cases have none open
that is past or due soon, two are set here (through deadlines.deadline_set, as the procedure would), so the 超期
list and its figures show something. Idempotent: once such deadlines exist, nothing is added."""

from datetime import timedelta

from inspections.enforcement import deadline_watch
from inspections.enforcement.deadlines import deadline_set
from inspections.enforcement.models import Case, CaseDeadline

# (code, label, working days, how many days before today the period started): one long past, one ending soon.
SAMPLES = {
    "overdue": ("statement", "陈述、申辩期限", 3, 20),
    "soon": ("hearing_request", "听证申请期限", 2, 0),
}


def _needed(today):
    open_rows = CaseDeadline.objects.filter(met_on__isnull=True)
    return [
        state
        for state, condition in (("overdue", deadline_watch.overdue), ("soon", deadline_watch.due_soon))
        if not open_rows.filter(condition(today)).exists()
    ]


def seed_case_deadlines(*, today):
    """Returns how many deadlines were set (0 when the demo already has past and soon ones)."""
    needed = _needed(today)
    cases = Case.objects.exclude(status=Case.Status.CLOSED).filter(deadlines__isnull=True).order_by("-opened_on", "pk")
    made = 0
    for state, case in zip(needed, cases, strict=False):
        code, label, days, ago = SAMPLES[state]
        starts_on = today - timedelta(days=ago)
        deadline_set(case=case, code=code, label=label, starts_on=starts_on, days=days, working_days=True)
        made += 1
    return made
