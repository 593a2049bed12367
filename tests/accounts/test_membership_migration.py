"""The enterprise user's enterprise moved from accounts.Profile to enterprises.EnterpriseMembership: a database made
before the move keeps every link, and going back puts them where they were."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

BEFORE = [("accounts", "0004_history"), ("enterprises", "0004_grade_change_as_of")]
AFTER = [("accounts", "0005_drop_profile_enterprise"), ("enterprises", "0006_membership_from_profile")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def columns(table):
    with connection.cursor() as cursor:
        return {c.name for c in connection.introspection.get_table_description(cursor, table)}


@pytest.fixture
def legacy_apps(transactional_db):
    """The schema of the kernel branch (Profile.enterprise_id), put back for the test; the newest one after it."""
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def seed_legacy(apps):
    User = apps.get_model("auth", "User")
    Profile = apps.get_model("accounts", "Profile")
    GridCell = apps.get_model("grids", "GridCell")
    Enterprise = apps.get_model("enterprises", "Enterprise")
    cell = GridCell.objects.create(code="T1", name="网格", level=1, path="T1/")
    enterprise = Enterprise.objects.create(name="遗留企业", credit_code="91330381000000001X", grid_cell=cell)
    owner = User.objects.create(username="legacy_ent")
    officer = User.objects.create(username="legacy_grid")
    Profile.objects.create(user=owner, enterprise_id=enterprise.pk, phone="123")
    Profile.objects.create(user=officer, grid_cell_id=cell.pk)
    return owner, enterprise


@pytest.mark.slow
def test_an_existing_enterprise_user_keeps_its_enterprise_and_going_back_restores_it(legacy_apps):
    # One test for both directions: each migration of the whole schema costs seconds.
    owner, enterprise = seed_legacy(legacy_apps)
    assert "enterprise_id" in columns("accounts_profile")

    apps = migrate(AFTER)

    Membership = apps.get_model("enterprises", "EnterpriseMembership")
    assert list(Membership.objects.values_list("user_id", "enterprise_id")) == [(owner.pk, enterprise.pk)]
    history = apps.get_model("enterprises", "HistoricalEnterpriseMembership").objects.get()
    assert (history.history_type, history.user_id, history.enterprise_id) == ("+", owner.pk, enterprise.pk)
    assert "enterprise_id" not in columns("accounts_profile")
    assert "enterprise_id" not in columns("accounts_historicalprofile")
    assert apps.get_model("accounts", "Profile").objects.get(user_id=owner.pk).phone == "123"

    apps = migrate(BEFORE)

    Profile = apps.get_model("accounts", "Profile")
    assert Profile.objects.get(user_id=owner.pk).enterprise_id == enterprise.pk
    assert Profile.objects.exclude(user_id=owner.pk).get().enterprise_id is None


def test_no_accounts_migration_depends_on_enterprises():
    loader = MigrationLoader(None, ignore_no_migrations=True)
    accounts = [key for key in loader.disk_migrations if key[0] == "accounts"]
    assert accounts
    for key in accounts:
        migration = loader.disk_migrations[key]
        assert not [d for d in migration.dependencies if d[0] == "enterprises"], key
