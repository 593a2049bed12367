"""Personas: bureau admin, staff, inspector, grid officers of cells A and B, enterprise users of X and Y.

The grid: a city with two towns; cell A is a community of town 1, cell B a
community of town 2; enterprise X sits in a village under A, Y under B.
"""

from dataclasses import dataclass
from pathlib import Path

import pytest

from bureau.roles import Role
from tests.factories import make_cell, make_enterprise, make_user

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Data the migrations create. A transactional test ends by flushing every table, so the next one would start
# without it: replay the migrations' own functions (they are idempotent) before each transactional test.
REFERENCE_DATA = [
    ("bureau.accounts.migrations.0002_role_groups", "create_role_groups"),
    ("enterprises.migrations.0002_special_categories", "create_categories"),
    ("inspections.migrations.0002_checklist", "create_items"),
    ("bureau.assessment.migrations.0002_default_scheme", "create_default_scheme"),
    ("bureau.migrations.0003_holiday_schedules", "load"),
    ("inspections.migrations.0018_violation_library_data", "load"),
    ("hazards.migrations.0008_major_hazard_criteria_data", "load"),
    ("inspections.migrations.0023_checklist_criteria", "link"),
]


# Tables kept by triggers on others (enterprises/summary.py, hazards/summary.py, deadline_summary.py, major_summary.py,
# trend_summary.py, inspections/planning/done_summary.py): emptied after them in a flush.
SUMMARY_TABLES = {
    "enterprises_enterprisecount",
    "enterprises_lastinspectedcount",
    "hazards_hazardcount",
    "hazards_hazarddeadlinecount",
    "hazards_majorhazardcount",
    "hazards_majorhazarddaycount",
    "inspections_inspectioncount",
}


@pytest.fixture(autouse=True, scope="session")
def _flush_by_delete():
    """A transactional test ends with a flush, whose DELETEs must empty the summary rows last: deleting the
    enterprises fires their triggers (enterprises/summary.py), which would leave negative counts in rows already
    deleted. SQLite's flush deletes the tables in the order of a set (a different one as tables come and go).

    On PostgreSQL the flush is one TRUNCATE of all 90-odd tables, 0.7–2 s a test (each table gets new files); the
    few rows a test leaves go as fast with DELETE (0.03 s). The foreign keys Django makes are DEFERRABLE INITIALLY
    DEFERRED, so the order of the DELETEs does not matter within the flush's transaction. Sequences are not reset, as
    TRUNCATE without reset_sequences (the only flush tests make) does not."""
    from django.db.backends.sqlite3 import base as sqlite  # its operations module alone is a circular import

    SQLiteOperations = sqlite.DatabaseOperations

    sqlite_flush = SQLiteOperations.sql_flush

    def summaries_last(statements):
        return sorted(statements, key=lambda sql: sql.startswith("DELETE") and any(t in sql for t in SUMMARY_TABLES))

    def sqlite_delete(self, style, tables, **kwargs):
        return summaries_last(sqlite_flush(self, style, tables, **kwargs))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(SQLiteOperations, "sql_flush", sqlite_delete)
        try:
            from django.db.backends.postgresql.operations import DatabaseOperations
        except ImportError:  # no PostgreSQL driver: the run is on SQLite
            yield
            return
        truncate = DatabaseOperations.sql_flush

        def delete(self, style, tables, *, reset_sequences=False, allow_cascade=False):
            tables = sorted(tables, key=lambda table: table in SUMMARY_TABLES)
            if reset_sequences or allow_cascade:
                return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
            return [f"DELETE FROM {self.quote_name(table)};" for table in tables]

        patch.setattr(DatabaseOperations, "sql_flush", delete)
        yield


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server", "celery_worker")
    )
    if transactional:
        import importlib

        from django.apps import apps

        request.getfixturevalue("transactional_db")
        for module, function in REFERENCE_DATA:
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _fresh_figures():
    """Kept figure values live under a version that writes replace; a test's records vanish with its rollback,
    which no signal reports: each test starts under a new version."""
    from bureau.figures import _new_version

    _new_version()


@pytest.fixture(autouse=True)
def _fresh_registry_list():
    """The registry list's caches outlive a test's rolled-back writes: each test starts on versions of its own."""
    from django.core.cache import caches

    from enterprises.registry_cache import REFERENCE_KEY, VERSION_KEY

    caches["default"].delete_many([VERSION_KEY, REFERENCE_KEY])


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@dataclass
class World:
    city: object
    town1: object
    town2: object
    cell_a: object
    cell_b: object
    village_a: object
    village_b: object
    enterprise_x: object
    enterprise_y: object


@pytest.fixture
def world(db):
    return make_world()


def make_world():
    city = make_cell(code="330381", name="瑞安市")
    town1 = make_cell(parent=city, name="仙降街道")
    town2 = make_cell(parent=city, name="飞云街道")
    cell_a = make_cell(parent=town1, name="仙降第一工作片")
    cell_b = make_cell(parent=town2, name="飞云第一工作片")
    village_a = make_cell(parent=cell_a, name="仙降第一工作片第1网格")
    village_b = make_cell(parent=cell_b, name="飞云第一工作片第1网格")
    return World(
        city=city,
        town1=town1,
        town2=town2,
        cell_a=cell_a,
        cell_b=cell_b,
        village_a=village_a,
        village_b=village_b,
        enterprise_x=make_enterprise(grid_cell=village_a, name="企业X"),
        enterprise_y=make_enterprise(grid_cell=village_b, name="企业Y"),
    )


@pytest.fixture
def bureau_admin(db):
    return make_user(Role.ADMIN, username="admin1")


@pytest.fixture
def staff(db):
    return make_user(Role.STAFF, username="staff1")


@pytest.fixture
def inspector(db):
    return make_user(Role.INSPECTOR, username="inspector1")


@pytest.fixture
def inspector2(db):
    """The second inspector the law asks for on every inspection and document."""
    return make_user(Role.INSPECTOR, username="inspector2")


@pytest.fixture
def grid_officer_a(world):
    return make_user(Role.GRID_OFFICER, username="grid_a", grid_cell=world.cell_a)


@pytest.fixture
def grid_officer_b(world):
    return make_user(Role.GRID_OFFICER, username="grid_b", grid_cell=world.cell_b)


@pytest.fixture
def enterprise_user_x(world):
    return make_user(Role.ENTERPRISE, username="ent_x", enterprise=world.enterprise_x)


@pytest.fixture
def enterprise_user_y(world):
    return make_user(Role.ENTERPRISE, username="ent_y", enterprise=world.enterprise_y)


@pytest.fixture(scope="session")
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    from tests.environment import CHROMIUM

    # Playwright's own browser download does not work here: drive the OS's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def playwright(playwright):
    yield playwright
    # While Playwright's event loop runs in this thread, Django keeps the thread's database connection in
    # context-local storage (asgiref), out of reach once the loop stops: close it now, or the test database
    # cannot be dropped at the end ("is being accessed by other users").
    from django.db import connections

    connections.close_all()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (a thread of this process) consuming from the real Redis.

    Tasks run on the worker's own database connection, so the test's data must be
    committed: hence transactional_db.
    """
    from celery.contrib.testing.worker import start_worker

    from bureau.celery import app

    assert not app.conf.task_always_eager, "worker tests need REDIS_URL"
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10):
        yield app
