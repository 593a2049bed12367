"""Figures for the home page, counted from records in the user's scope."""

from bureau.accounts.roles import Role, role_of
from enterprises.permissions import visible_enterprises
from grids.models import GridCell


def home_figures(user):
    role = role_of(user)
    figures = [{"label": "可见生产经营单位", "value": visible_enterprises(user).count(), "unit": "家"}]
    if role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR):
        figures.append({"label": "网格总数", "value": GridCell.objects.count(), "unit": "个"})
    return figures
