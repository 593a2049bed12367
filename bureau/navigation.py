"""The main navigation: each entry names the roles that may use it."""

from dataclasses import dataclass

from django.urls import reverse

from bureau.accounts.roles import Role, role_of

ALL = frozenset(Role)
BUREAU = frozenset({Role.ADMIN, Role.STAFF, Role.INSPECTOR})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset


ITEMS = [
    NavItem("首页", "home", "house", ALL),
    NavItem("网格", "grids:tree", "grid-3x3", BUREAU | {Role.GRID_OFFICER}),
    NavItem("系统管理", "admin:index", "gear", frozenset({Role.ADMIN})),
]


def nav_for(user, current_path=""):
    role = role_of(user)
    entries = []
    for item in ITEMS:
        if role not in item.roles:
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        entries.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return entries
