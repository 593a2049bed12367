"""Demo data of the grid: the real city grid, officers for most cells, a few cells left to chase."""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from bureau.accounts.models import Profile
from bureau.accounts.services import ensure_role_groups
from bureau.roles import Role
from grids.loader import load_grid
from grids.models import Capacity, GridAssignment, GridCell
from grids.services import grid_assign

SURNAMES = "陈林黄张王李吴郑周徐胡蔡潘金薛叶朱"
GIVEN = "建国志强海燕丽华国平晓东伟明秀英文杰春雷"
TERM_START = date(2026, 1, 1)


@dataclass
class DemoGrid:
    officer_cell_a: GridCell  # a community of 仙降街道
    officer_cell_b: GridCell  # a community of 飞云街道


def seed_grid(stdout=None):
    created, _ = load_grid()
    if stdout is not None and created:
        stdout.write(f"已导入网格 {created} 个。")
    cell_a = GridCell.objects.get(level=3, parent__name="仙降街道", code__endswith="001")
    cell_b = GridCell.objects.get(level=3, parent__name="飞云街道", code__endswith="001")
    return DemoGrid(officer_cell_a=cell_a, officer_cell_b=cell_b)


def seed_assignments(*, grid, grid_a, grid_b, actor, password, seed):
    """A 责任人 for every community and ~90% of villages; grid_a and grid_b hold cells A and B.

    Bulk inserts: this is demo data, made once; the portal's own writes go through grids.services.
    """
    if GridAssignment.objects.exists():
        return
    rng = random.Random(seed)
    User = get_user_model()
    hashed = make_password(password)
    group = ensure_role_groups()[Role.GRID_OFFICER]
    # History for cell A: its first 责任人 served from 2025 until grid_a took over.
    former = User.objects.create(username="grid_former", first_name="潘海燕", password=hashed)
    former.groups.add(group)
    Profile.objects.create(user=former)
    grid_assign(
        cell=grid.officer_cell_a, user=former, capacity=Capacity.RESPONSIBLE, start_date=date(2025, 3, 1), actor=actor
    )
    grid_assign(
        cell=grid.officer_cell_a, user=grid_a, capacity=Capacity.RESPONSIBLE, start_date=TERM_START, actor=actor
    )
    grid_assign(
        cell=grid.officer_cell_b, user=grid_b, capacity=Capacity.RESPONSIBLE, start_date=TERM_START, actor=actor
    )
    communities = GridCell.objects.filter(level=3).exclude(pk__in=[grid.officer_cell_a.pk, grid.officer_cell_b.pk])
    officers = {}
    for community in communities.order_by("code"):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        officers[community.pk] = User(username=f"grid{community.code[-6:]}", first_name=name, password=hashed)
    User.objects.bulk_create(officers.values())
    users = {u.username: u for u in User.objects.filter(username__in=[u.username for u in officers.values()])}
    officers = {pk: users[u.username] for pk, u in officers.items()}
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=u.pk, group_id=group.pk) for u in officers.values()
    )
    Profile.objects.bulk_create(Profile(user=u) for u in officers.values())
    officers[grid.officer_cell_a.pk] = grid_a
    officers[grid.officer_cell_b.pk] = grid_b

    rows = [
        GridAssignment(cell_id=pk, user=u, start_date=TERM_START, assigned_by=actor)
        for pk, u in officers.items()
        if pk not in (grid.officer_cell_a.pk, grid.officer_cell_b.pk)
    ]
    for village in GridCell.objects.filter(level=4).only("pk", "parent_id"):
        if rng.random() < 0.9:
            rows.append(
                GridAssignment(
                    cell_id=village.pk, user=officers[village.parent_id], start_date=TERM_START, assigned_by=actor
                )
            )
    GridAssignment.objects.bulk_create(rows, batch_size=1000)
