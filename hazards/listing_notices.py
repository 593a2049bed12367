"""The daily notices of listed supervision (挂牌督办): a listing whose deadline falls within two working days, and a
listing past its deadline and not accepted (逾期), each told once per deadline.

Due soon: the enterprise's users and the staff member who listed it. Overdue escalates: also every active bureau
staff member and the 责任人 of the enterprise's cell and the cells above it."""

from django.db import transaction

from bureau.accounts.models import Notification
from bureau.roles import Role, active_users
from bureau.workdays import add_working_days
from hazards.listing_models import MajorHazardListing
from hazards.notices import _cell_officers, _enterprise_users

WARN_WORKING_DAYS = 2


def _due_soon_message(listing, today):
    days = (listing.deadline - today).days
    when = "今天到期" if days == 0 else f"还剩 {days} 天"
    hazard = listing.hazard
    return (
        f"{hazard.enterprise.name}的挂牌督办隐患“{hazard.location}”督办期限为 {listing.deadline:%Y-%m-%d}，{when}，"
        "请按期整改并报告整改完成。"
    )


def _overdue_message(listing, today):
    hazard = listing.hazard
    return (
        f"{hazard.enterprise.name}的挂牌督办隐患“{hazard.location}”已逾期：督办期限为 {listing.deadline:%Y-%m-%d}，"
        f"已超过 {(today - listing.deadline).days} 天，尚未验收摘牌。"
    )


@transaction.atomic
def listing_deadline_notices(today):
    """Create today's notices; returns how many, e.g. {"due_soon": 2, "overdue": 1}."""
    active = MajorHazardListing.objects.active().select_related("hazard__enterprise__grid_cell")
    warn_until = add_working_days(today, WARN_WORKING_DAYS)
    due_soon = list(active.filter(deadline__gte=today, deadline__lte=warn_until))
    overdue = list(active.filter(deadline__lt=today))
    if not due_soon and not overdue:
        return {"due_soon": 0, "overdue": 0}
    users = _enterprise_users({row.hazard.enterprise_id for row in due_soon + overdue})
    officers = _cell_officers({row.hazard.enterprise.grid_cell for row in overdue}) if overdue else {}
    staff = list(active_users(Role.STAFF).values_list("pk", flat=True)) if overdue else []
    listers = set(active_users(Role.STAFF, Role.ADMIN).values_list("pk", flat=True))

    wanted = []  # (kind, user id, key, message, url)
    for kind, rows in (("due_soon", due_soon), ("overdue", overdue)):
        for row in rows:
            key = f"listing:{kind}:{row.pk}:{row.deadline.isoformat()}"
            message = _due_soon_message(row, today) if kind == "due_soon" else _overdue_message(row, today)
            recipients = users[row.hazard.enterprise_id] + ([row.listed_by_id] if row.listed_by_id in listers else [])
            if kind == "overdue":
                recipients += staff + officers[row.hazard.enterprise.grid_cell_id]
            url = row.get_absolute_url()
            wanted += [(kind, user_id, key, message, url) for user_id in dict.fromkeys(recipients)]

    existing = set(
        Notification.objects.filter(key__in={key for _, _, key, _, _ in wanted}).values_list("user_id", "key")
    )
    new = [row for row in wanted if (row[1], row[2]) not in existing]
    Notification.objects.bulk_create(
        [Notification(user_id=user_id, key=key, message=message, url=url) for _, user_id, key, message, url in new],
        ignore_conflicts=True,
    )
    counts = {"due_soon": 0, "overdue": 0}
    for kind, *_ in new:
        counts[kind] += 1
    return counts
