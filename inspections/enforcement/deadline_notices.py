"""The daily notices of case deadlines (案件期限预警): a deadline within two working days of its due date, and a
deadline past it, each told once to the case's creator and to the inspectors who signed its filing (立案审批表)."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction

from bureau.accounts.services import notify
from inspections.enforcement import deadline_watch
from inspections.enforcement.models import CaseDeadline, Document
from inspections.enforcement.specs import DocumentKind

# Warned this many working days ahead (today included): the list's "soon" is wider, for those who look.
WARN_WORKING_DAYS = 2


def _recipients(deadlines):
    """{case id: [user ids]}: the case's creator, then the issuer and co-signer of its current filing document,
    active users only, in one query each."""
    people = defaultdict(list)
    for deadline in deadlines:
        people[deadline.case_id].append(deadline.case.created_by_id)
    filings = Document.objects.filter(
        case__in=people.keys(), kind=DocumentKind.CASE_FILING, superseded_by__isnull=True
    ).values_list("case", "issued_by", "co_signer")
    for case_id, issued_by, co_signer in filings:
        people[case_id] += [issued_by, co_signer]
    wanted = {user for users in people.values() for user in users if user}
    active = set(get_user_model().objects.filter(pk__in=wanted, is_active=True).values_list("pk", flat=True))
    return {case_id: [u for u in dict.fromkeys(users) if u in active] for case_id, users in people.items()}


def _where(deadline):
    return f"案件“{deadline.case.title}”（{deadline.case.enterprise.name}）的{deadline.label}"


def _due_soon_message(deadline, left):
    when = "今天届满" if left == 0 else f"还剩 {left} 个工作日"
    return f"{_where(deadline)}将于 {deadline.due_on:%Y-%m-%d} 届满，{when}。"


def _overdue_message(deadline, today):
    days = (today - deadline.due_on).days
    return f"{_where(deadline)}已超期：届满日为 {deadline.due_on:%Y-%m-%d}，已超过 {days} 天。"


@transaction.atomic
def case_deadline_notices(today):
    """Notify the people of each open deadline due within WARN_WORKING_DAYS working days, and of each one past its
    due date; returns how many notices were created, e.g. {"due_soon": 2, "overdue": 1}."""
    open_rows = CaseDeadline.objects.filter(met_on__isnull=True).select_related("case__enterprise")
    due_soon = list(open_rows.filter(deadline_watch.due_soon(today, WARN_WORKING_DAYS)))
    overdue = list(open_rows.filter(deadline_watch.overdue(today)))
    people = _recipients(due_soon + overdue)
    left = {row.pk: row.left for row in deadline_watch.with_working_days_left(due_soon, today)}
    users = get_user_model().objects.in_bulk({u for ids in people.values() for u in ids})
    created = {"due_soon": 0, "overdue": 0}
    # The due date is in the key: a deadline set again (a new due date) that lapses again is told again.
    for stage, rows in (("due_soon", due_soon), ("overdue", overdue)):
        for row in rows:
            message = _due_soon_message(row, left[row.pk]) if stage == "due_soon" else _overdue_message(row, today)
            key = f"case_deadline:{stage}:{row.pk}:{row.due_on.isoformat()}"
            for user_id in people[row.case_id]:
                created[stage] += notify(user=users[user_id], key=key, message=message, url=row.case.get_absolute_url())
    return created
