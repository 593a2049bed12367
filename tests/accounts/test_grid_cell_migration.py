"""A grid officer's cell moved from accounts.Profile.grid_cell to their current grids.GridAssignments: a database made
before the move keeps every officer's scope, and going back puts the cells on the profiles again."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("accounts", "0004_history"), ("grids", "0003_history"), ("bureau", None)]
AFTER = [("accounts", "0006_drop_profile_grid_cell")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state([t for t in targets if t[1]]).apps


def columns(table):
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


@pytest.fixture
def legacy_apps(transactional_db):
    """The schema before the move (Profile.grid_cell_id), put back for the test; the newest one after it."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def seed_legacy(apps):
    """Four officers as the old grid_assign left them, and a staff user with a stale cell."""
    User = apps.get_model("auth", "User")
    Group = apps.get_model("auth", "Group")
    Profile = apps.get_model("accounts", "Profile")
    GridCell = apps.get_model("grids", "GridCell")
    Assignment = apps.get_model("grids", "GridAssignment")
    officers, staff = Group.objects.get_or_create(name="grid_officer")[0], Group.objects.get_or_create(name="staff")[0]
    city = GridCell.objects.create(code="T1", name="市", level=1, path="T1/")
    cell_a = GridCell.objects.create(code="T1A", name="甲", level=2, parent=city, path="T1/T1A/")
    cell_b = GridCell.objects.create(code="T1B", name="乙", level=2, parent=city, path="T1/T1B/")
    people = {}
    for username, group in [("holder", officers), ("replaced", officers), ("bare", officers), ("clerk", staff)]:
        people[username] = User.objects.create(username=username)
        people[username].groups.add(group)
    # holder already holds cell A; replaced was cell A's 责任人 until holder took over; bare has only the profile.
    Assignment.objects.create(
        cell=cell_a, user=people["replaced"], start_date=date(2025, 1, 1), end_date=date(2026, 1, 1)
    )
    Assignment.objects.create(cell=cell_a, user=people["holder"], start_date=date(2026, 1, 1))
    for username, cell in [("holder", cell_a), ("replaced", cell_a), ("bare", cell_b), ("clerk", cell_b)]:
        Profile.objects.create(user=people[username], grid_cell_id=cell.pk, phone="123")
    return people, cell_a, cell_b


def current(apps):
    Assignment = apps.get_model("grids", "GridAssignment")
    rows = Assignment.objects.filter(end_date__isnull=True).values_list("user__username", "cell__code", "capacity")
    return set(rows)


@pytest.mark.slow
def test_every_officer_keeps_the_cell_of_their_profile(legacy_apps):
    people, cell_a, cell_b = seed_legacy(legacy_apps)
    assert "grid_cell_id" in columns("accounts_profile")

    apps = migrate(AFTER)

    assert current(apps) == {
        ("holder", "T1A", "responsible"),  # unchanged: nothing added
        ("replaced", "T1A", "member"),  # cell A has its 责任人: the old one stays on as 网格员
        ("bare", "T1B", "responsible"),
    }
    History = apps.get_model("grids", "HistoricalGridAssignment")
    made = History.objects.filter(history_change_reason="由用户档案迁移")
    assert sorted(made.values_list("user_id", "history_type")) == sorted(
        [(people["replaced"].pk, "+"), (people["bare"].pk, "+")]
    )
    assert "grid_cell_id" not in columns("accounts_profile")
    assert "grid_cell_id" not in columns("accounts_historicalprofile")
    assert apps.get_model("accounts", "Profile").objects.get(user_id=people["bare"].pk).phone == "123"


@pytest.mark.slow
def test_going_back_puts_the_cells_on_the_profiles_again(legacy_apps):
    people, cell_a, cell_b = seed_legacy(legacy_apps)
    Profile = legacy_apps.get_model("accounts", "Profile")
    Profile.objects.filter(user_id=people["bare"].pk).update(grid_cell_id=None)
    migrate(AFTER)

    apps = migrate(BEFORE)

    cells = dict(apps.get_model("accounts", "Profile").objects.values_list("user__username", "grid_cell_id"))
    assert cells == {"holder": cell_a.pk, "replaced": cell_a.pk, "bare": None, "clerk": None}


def test_no_accounts_migration_depends_on_grids_nor_grids_on_accounts():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key, migration in loader.disk_migrations.items():
        others = {"accounts": "grids", "grids": "accounts"}.get(key[0])
        if others:
            assert not [d for d in migration.dependencies + migration.run_before if d[0] == others], key
