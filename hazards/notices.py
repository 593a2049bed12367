"""The daily deadline notices: hazards due soon and hazards newly overdue, each notified once per deadline."""

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction

from bureau.accounts.models import Notification
from grids.models import GridAssignment
from hazards.models import Hazard

DUE_SOON_DAYS = 3


def _enterprise_users(enterprise_ids):
    """{enterprise id: [user ids]} in one query: services.enterprise_users for many enterprises."""
    users = defaultdict(list)
    rows = get_user_model().objects.filter(enterprise_membership__enterprise__in=enterprise_ids, is_active=True)
    for user_id, enterprise_id in rows.values_list("pk", "enterprise_membership__enterprise").order_by("pk"):
        users[enterprise_id].append(user_id)
    return users


def _path_and_above(path):
    """ "a/b/c/" -> {"a/", "a/b/", "a/b/c/"}: the paths of a cell and of every cell above it."""
    codes = path.strip("/").split("/")
    return {"/".join(codes[: n + 1]) + "/" for n in range(len(codes))}


def _cell_officers(cells):
    """{cell id: [user ids]} in one query: the current 责任人 of each cell and of every cell above it. Whoever holds
    a cell answers for its whole subtree (grids.permissions.held_paths), so an officer of a community hears of the
    overdue hazards of its villages as they see them in their lists."""
    paths = {cell.pk: cell.path for cell in cells}
    held = (
        GridAssignment.objects.current()
        .responsible()
        .filter(cell__path__in=set().union(*map(_path_and_above, paths.values())), user__is_active=True)
        .values_list("cell__path", "user")
        .order_by("user")
    )
    rows = list(held)
    officers = defaultdict(list)
    for cell_id, path in paths.items():
        officers[cell_id] = list(dict.fromkeys(user_id for held_path, user_id in rows if path.startswith(held_path)))
    return officers


def _due_soon_message(hazard, today):
    days = (hazard.rectification_deadline - today).days
    left = f"还剩 {days} 天" if days else "今天到期"
    return f"隐患“{hazard.location}”的整改期限为 {hazard.rectification_deadline:%Y-%m-%d}，{left}。"


def _overdue_message(hazard, today):
    days = (today - hazard.rectification_deadline).days
    return (
        f"{hazard.enterprise.name}的隐患“{hazard.location}”已逾期：整改期限为 "
        f"{hazard.rectification_deadline:%Y-%m-%d}，已超过 {days} 天。"
    )


@transaction.atomic
def hazard_deadline_notices(today):
    """Notify the enterprise of open hazards due within 3 days, and the enterprise and its cell's 责任人 of
    overdue ones; returns how many notices were created, e.g. {"due_soon": 2, "overdue": 3}."""
    due_soon = list(Hazard.objects.due_within(DUE_SOON_DAYS, today=today).select_related("enterprise"))
    overdue = list(Hazard.objects.overdue(today=today).select_related("enterprise__grid_cell"))
    if not due_soon and not overdue:
        return {"due_soon": 0, "overdue": 0}

    users = _enterprise_users({h.enterprise_id for h in due_soon + overdue})
    officers = _cell_officers({h.enterprise.grid_cell for h in overdue})

    # The deadline is in the key: the same deadline never notifies twice, an extended one that lapses again does.
    wanted = []  # (kind, user id, key, message, url)
    for hazard in due_soon:
        key = f"due_soon:{hazard.pk}:{hazard.rectification_deadline.isoformat()}"
        message, url = _due_soon_message(hazard, today), hazard.get_absolute_url()
        wanted += [("due_soon", user_id, key, message, url) for user_id in users[hazard.enterprise_id]]
    for hazard in overdue:
        key = f"overdue:{hazard.pk}:{hazard.rectification_deadline.isoformat()}"
        message, url = _overdue_message(hazard, today), hazard.get_absolute_url()
        recipients = dict.fromkeys(users[hazard.enterprise_id] + officers[hazard.enterprise.grid_cell_id])
        wanted += [("overdue", user_id, key, message, url) for user_id in recipients]

    existing = set(
        Notification.objects.filter(key__in={key for _, _, key, _, _ in wanted}).values_list("user_id", "key")
    )
    new = [row for row in wanted if (row[1], row[2]) not in existing]
    # ignore_conflicts: a run racing this one on the same day cannot make this one fail.
    Notification.objects.bulk_create(
        [Notification(user_id=user_id, key=key, message=message, url=url) for _, user_id, key, message, url in new],
        ignore_conflicts=True,
    )
    counts = {"due_soon": 0, "overdue": 0}
    for kind, *_ in new:
        counts[kind] += 1
    return counts
