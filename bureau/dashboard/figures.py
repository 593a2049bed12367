"""Figures for the home page, counted from records in the user's scope."""

from django.utils import timezone

from bureau.accounts.roles import Role, role_of
from enterprises.due import due_filter
from enterprises.permissions import visible_enterprises
from grids.models import GridCell
from hazards.permissions import visible_hazards


def home_figures(user):
    role = role_of(user)
    enterprises = visible_enterprises(user)
    hazards = visible_hazards(user)
    today = timezone.localdate()
    figures = [
        {"label": "生产经营单位", "value": enterprises.count(), "unit": "家", "url": "enterprises:list"},
        {"label": "未销号隐患", "value": hazards.open().count(), "unit": "项", "url": "hazards:list"},
        {
            "label": "逾期隐患",
            "value": hazards.overdue(today).count(),
            "unit": "项",
            "url": "hazards:list",
            "query": "overdue=1",
        },
        {
            "label": "待检企业",
            "value": enterprises.filter(due_filter(today)).count(),
            "unit": "家",
            "url": "enterprises:due",
        },
    ]
    if role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR):
        figures.append({"label": "网格总数", "value": GridCell.objects.count(), "unit": "个", "url": "grids:tree"})
    return figures


def officer_watch_list(user, days=7):
    """A grid officer's chase list: overdue hazards, then those due within `days`, in their cells."""
    if role_of(user) != Role.GRID_OFFICER:
        return None
    today = timezone.localdate()
    hazards = visible_hazards(user).select_related("enterprise")
    return {
        "overdue": hazards.overdue(today).order_by("rectification_deadline")[:20],
        "due_soon": hazards.due_within(days, today).order_by("rectification_deadline")[:20],
        "days": days,
    }
