"""The main navigation: each entry names the roles that may use it."""

from dataclasses import dataclass

from bureau.fixed_urls import fixed_url
from bureau.roles import Role, role_of

ALL = frozenset(Role)
BUREAU = frozenset({Role.ADMIN, Role.STAFF, Role.INSPECTOR})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    icon: str
    roles: frozenset
    group: str = ""


# Entries of a group show as one dropdown, where the group's first entry would stand, so the bar keeps to one row at
# desktop width; a role with a single entry of a group sees it inline.
GROUPS = {
    "plan": ("计划督查", "calendar-check"),
    "assess": ("考核通报", "trophy"),
    "library": ("资料库", "book"),
}

ITEMS = [
    NavItem("首页", "home", "house", ALL),
    NavItem("企业", "enterprises:list", "building", BUREAU | {Role.GRID_OFFICER}),
    NavItem("隐患", "hazards:list", "exclamation-triangle", ALL - {Role.ADMIN}),
    NavItem("重大隐患督办", "major_hazards:board", "shield-exclamation", BUREAU | {Role.GRID_OFFICER}),
    NavItem("监督检查", "inspections:list", "clipboard2-pulse", BUREAU | {Role.GRID_OFFICER}),
    NavItem("案件", "cases:list", "folder2-open", BUREAU | {Role.GRID_OFFICER}),
    NavItem("事故", "accidents:list", "exclamation-octagon", ALL),
    NavItem("待检清单", "enterprises:due", "calendar-check", BUREAU | {Role.GRID_OFFICER}, "plan"),
    NavItem("企业自查", "self_checks:list", "clipboard-check", ALL - {Role.ADMIN}),
    NavItem("专项整治", "campaigns:list", "flag", BUREAU | {Role.GRID_OFFICER}, "plan"),
    NavItem("双随机抽查", "draws:list", "shuffle", BUREAU, "plan"),
    NavItem("年度计划", "plans:list", "calendar3", BUREAU, "plan"),
    NavItem("季度排名", "rankings:list", "trophy", BUREAU | {Role.GRID_OFFICER}, "assess"),
    NavItem("通报", "bulletins:list", "megaphone", BUREAU | {Role.GRID_OFFICER}, "assess"),
    NavItem("网格", "grids:tree", "grid-3x3", BUREAU | {Role.GRID_OFFICER}, "library"),
    NavItem("案件期限", "cases:deadlines", "alarm", frozenset({Role.STAFF, Role.INSPECTOR})),
    NavItem("节假日安排", "calendar:year", "calendar-event", frozenset({Role.ADMIN, Role.STAFF}), "library"),
    NavItem("违法行为库", "violations:list", "book", BUREAU, "library"),
    NavItem("重大隐患判定标准", "major_hazards:criteria", "journal-check", ALL, "library"),
    NavItem("用户管理", "users:list", "people", frozenset({Role.ADMIN, Role.STAFF})),
    NavItem("审计日志", "audit:list", "journal-text", frozenset({Role.ADMIN})),
    NavItem("系统管理", "admin:index", "gear", frozenset({Role.ADMIN})),
]


def nav_for(user, current_path=""):
    role = role_of(user)
    entries = [
        {"label": item.label, "url": fixed_url(item.url_name), "icon": item.icon, "active": False, "group": item.group}
        for item in ITEMS
        if role in item.roles
    ]
    # The entry whose URL is the longest prefix of the page is the active one (/enterprises/due/ is not 企业).
    matches = [
        e for e in entries if current_path == e["url"] or (e["url"] != "/" and current_path.startswith(e["url"]))
    ]
    if matches:
        max(matches, key=lambda e: len(e["url"]))["active"] = True
    return entries


def nav_menu(entries):
    """The entries as the bar shows them: single entries, and a dict with "entries" and "key" for a group."""
    counts = {}
    for entry in entries:
        counts[entry["group"]] = counts.get(entry["group"], 0) + 1
    menu, groups = [], {}
    for entry in entries:
        key = entry["group"]
        if not key or counts[key] < 2:
            menu.append(entry)
            continue
        if key not in groups:
            label, icon = GROUPS[key]
            groups[key] = {"label": label, "icon": icon, "entries": [], "active": False, "key": key}
            menu.append(groups[key])
        groups[key]["entries"].append(entry)
        groups[key]["active"] = groups[key]["active"] or entry["active"]
    return menu
