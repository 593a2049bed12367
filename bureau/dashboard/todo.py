"""The homes as to-do lists: what each role has to do next, beside the figures (bureau.dashboard.figures).

Each list is the first TOP rows of a full list the block links to, selected with that list's own conditions and
within the viewer's scope (the visible_* functions); each costs one query whatever its length.
"""

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from bureau.roles import Role, role_of
from enterprises.due import days_overdue, due_filter, with_next_due
from enterprises.extensions import actions_for
from enterprises.models import InspectionInterval
from enterprises.permissions import enterprise_id_of, visible_enterprises
from hazards.chases import with_chases
from hazards.models import HazardStatus
from hazards.permissions import visible_hazards, visible_self_checks
from hazards.self_checks import filed_q, unlinked_self_reported
from inspections.enforcement.pending import awaiting_rectification_q, past_deadline_q
from inspections.enforcement.procedure_models import DocumentDraft
from inspections.enforcement.specs import DocumentKind
from inspections.permissions import can_approve_documents, visible_cases, visible_documents
from inspections.planning.progress import open_tasks

TOP = 20
DUE_SOON_DAYS = 7


def _url(name, **query):
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)


def enterprise_todo(request, enterprise):
    """The to-do block on top of an enterprise user's own dossier (its home); None for anyone else. Five queries."""
    user = request.user
    if role_of(user) != Role.ENTERPRISE or enterprise_id_of(user) != enterprise.pk:
        return None
    today = timezone.localdate()
    # Chased (催办) hazards first, marked: an officer is waiting on them.
    hazards = with_chases(visible_hazards(user).filter(enterprise=enterprise), today)
    chased_first = (F("last_chased_at").desc(nulls_last=True), "rectification_deadline", "pk")
    filed = visible_self_checks(user).filter(enterprise=enterprise, year=today.year, month=today.month).first()
    documents = visible_documents(user).filter(awaiting_rectification_q(), enterprise=enterprise)
    return {
        "today": today,
        "overdue": list(hazards.overdue(today).order_by(*chased_first)[:TOP]),
        "due_soon": list(hazards.due_within(DUE_SOON_DAYS, today).order_by(*chased_first)[:TOP]),
        "due_soon_heading": f"{DUE_SOON_DAYS} 天内到期的隐患",
        "self_check": filed,
        # Filed with one button: the hazards it self-reported this month are gathered, or none were found.
        "pending": 0 if filed else unlinked_self_reported(enterprise, today.year, today.month).count(),
        "documents": list(documents.order_by(F("deadline").asc(nulls_last=True), "pk")[:TOP]),
        "overdue_url": _url("hazards:list", overdue="1"),
        "open_url": _url("hazards:list", open="1"),
    }


def due_enterprises(user, today):
    """The enterprises due for inspection in the user's scope: never inspected first, then the longest overdue, each
    with the actions the user may take on it (开始检查 for inspectors). Two queries (the intervals, the rows)."""
    days_by_grade = InspectionInterval.days_by_grade()
    due = visible_enterprises(user).filter(due_filter(today, days_by_grade)).select_related("town")
    rows = list(with_next_due(due, days_by_grade).order_by(F("next_due").asc(nulls_first=True), "name", "pk")[:TOP])
    for enterprise in rows:
        enterprise.days_overdue = days_overdue(enterprise, today)
        # 开始检查 on the home's row as on the due list's: the inspector's day starts here, one page shorter.
        enterprise.actions = actions_for(user, enterprise)
    return rows


def officer_todo(user):
    """A grid officer's lists beside their hazard watch list: their cells' enterprises that have not self-checked this
    month, and those due for inspection. None for other roles."""
    if role_of(user) != Role.GRID_OFFICER:
        return None
    today = timezone.localdate()
    unfiled = visible_enterprises(user).operating().filter(~filed_q(today, today)).select_related("town")
    month = f"{today:%Y-%m}"
    return {
        "unfiled": list(unfiled.order_by("town__code", "name", "pk")[:TOP]),
        "unfiled_url": _url("self_checks:coverage", filed="0", from_month=month, to_month=month),
        "due": due_enterprises(user, today),
        "due_url": _url("enterprises:due"),
        "today": today,
    }


def inspector_todo(user):
    """An inspector's lists: the enterprises a 双随机 draw sent them to, enterprises due for inspection, rectified
    hazards awaiting verification (复查), and rectification orders past their deadline with hazards still
    unrectified. None for other roles."""
    if role_of(user) != Role.INSPECTOR:
        return None
    today = timezone.localdate()
    rechecks = visible_hazards(user).filter(status=HazardStatus.RECTIFIED).select_related("enterprise")
    orders = visible_documents(user).filter(past_deadline_q(today)).select_related("enterprise")
    # The draw's snapshots are big (a pool may hold a city's credit codes): not read once per row.
    drawn = (
        open_tasks(user)
        .select_related("enterprise__town", "draw", "officer_1", "officer_2")
        .defer("draw__pool_codes", "draw__pool_ids", "draw__roster", "draw__criteria")
    )
    return {
        "drawn": list(drawn.order_by("draw__year", "draw__month", "draw_id", "position")[:TOP]),
        "drawn_url": _url("draws:list"),
        "due": due_enterprises(user, today),
        "due_url": _url("enterprises:due"),
        "rechecks": list(rechecks.order_by(F("rectified_on").asc(nulls_first=True), "pk")[:TOP]),
        "rechecks_url": _url("hazards:list", status=HazardStatus.RECTIFIED),
        "orders": list(orders.order_by("deadline", "pk")[:TOP]),
        "orders_url": _url("documents:register", kind=DocumentKind.RECTIFICATION_ORDER, pending="overdue"),
        "today": today,
    }


def approvals_waiting(user):
    """For the person in charge (staff, admin): how many documents wait for approval, and where. None for others."""
    if not can_approve_documents(user):
        return None
    waiting = DocumentDraft.objects.filter(status=DocumentDraft.Status.SUBMITTED, case__in=visible_cases(user))
    return {"count": waiting.count(), "url": reverse("cases:drafts")}
