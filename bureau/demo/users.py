"""The demo sign-ins that `make run` prints: one (or two) per role."""

from functools import partial

from django.contrib.auth import get_user_model

from bureau.accounts.services import user_create
from bureau.roles import Role
from enterprises.services import enterprise_user_create

DEMO_PASSWORD = "Anjian@2026"


def seed_users(*, enterprise_a, enterprise_b):
    """Create the demo users if missing; returns (username, role label, name) rows to print. grid_a and grid_b get
    their cells from seed_assignments (grids.GridAssignment)."""
    # Plain names, as on real accounts: a name prints on documents' signature lines; the role shows beside it in the
    # list printed by seed_demo.
    specs = [
        ("admin", Role.ADMIN, "郑建华", {}),
        ("staff", Role.STAFF, "陈丹", {}),
        ("inspector", Role.INSPECTOR, "胡思高", {}),
        ("inspector2", Role.INSPECTOR, "薛翔晔", {}),
        ("grid_a", Role.GRID_OFFICER, "林志强", {}),
        ("grid_b", Role.GRID_OFFICER, "黄丽华", {}),
        ("ent_a", Role.ENTERPRISE, "周晓东", {"enterprise": enterprise_a}),
        ("ent_b", Role.ENTERPRISE, "倪邦国", {"enterprise": enterprise_b}),
    ]
    User = get_user_model()
    rows = []
    for username, role, name, links in specs:
        if not User.objects.filter(username=username).exists():
            create = enterprise_user_create if role == Role.ENTERPRISE else partial(user_create, role=role)
            # The password rules refuse the demo password (everyone knows it): the demo sets it on purpose.
            create(username=username, password=DEMO_PASSWORD, name=name, check_password=False, **links)
        rows.append((username, role.label, name))
    return rows
