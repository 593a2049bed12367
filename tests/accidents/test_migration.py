"""Accidents and accountability recorded before reports existed: each accident happened at noon of its day, its
report time unknown (neither late nor overdue), its grade computed; each accountability record is a follow-up
already done on its date."""

from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("inspections", "0023_checklist_criteria")]
AFTER = [("inspections", "0026_accidents_occurred_required")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def legacy_apps(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.slow
def test_old_records_become_reports_and_follow_ups_done(legacy_apps):
    apps = legacy_apps
    User = apps.get_model("auth", "User")
    GridCell = apps.get_model("grids", "GridCell")
    Enterprise = apps.get_model("enterprises", "Enterprise")
    staff = User.objects.create(username="legacy_staff")
    cell = GridCell.objects.create(code="T1", name="网格", level=1, path="T1/")
    enterprise = Enterprise.objects.create(name="遗留企业", credit_code="91330381000000001X", grid_cell=cell)
    Accident = apps.get_model("inspections", "Accident")
    Accident.objects.create(
        date=date(2025, 5, 6), enterprise=enterprise, deaths=3, injuries=4, summary="中毒", recorded_by=staff
    )
    apps.get_model("inspections", "Accountability").objects.create(
        date=date(2025, 6, 1), kind="criminal", person_count=2, summary="移送", recorded_by=staff
    )

    apps = migrate(AFTER)

    accident = apps.get_model("inspections", "Accident").objects.get()
    noon = datetime.combine(date(2025, 5, 6), time(12), tzinfo=timezone.get_current_timezone())
    assert (accident.occurred_at, accident.date, accident.grade) == (noon, date(2025, 5, 6), "larger")
    assert (accident.report_time_unknown, accident.reported_at, accident.serious_injuries) == (True, None, 0)
    assert (accident.injuries, accident.kind, accident.direct_loss) == (4, "other", Decimal(0))
    record = apps.get_model("inspections", "Accountability").objects.get()
    assert (record.status, record.done_on, record.accident_id, record.case_id) == ("done", date(2025, 6, 1), None, None)
