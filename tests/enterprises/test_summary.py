"""The registry's summary rows (EnterpriseCount, enterprises/summary.py) equal a fresh count after every kind of
write to the enterprises, and the check notices when one writer's update is missing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from enterprises import summary
from enterprises.importer import enterprise_import
from enterprises.models import Enterprise, EnterpriseCount, EnterpriseStatus, RiskGrade, ServiceMode
from enterprises.services import enterprise_change_grade, enterprise_grades_record, enterprise_save
from grids.services import grid_cell_save
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.services import inspection_record
from tests.enterprises.test_import import csv_file, row
from tests.factories import make_credit_code


def register(w):
    enterprise_save(
        enterprise=Enterprise(name="新登记的鞋厂", credit_code=make_credit_code(), grid_cell=w.village_a),
        actor=w.staff,
    )


def edit_status_and_modes(w):
    x = w.enterprise_x
    x.status, x.key_supervision, x.service_mode = EnterpriseStatus.CLOSED, True, ServiceMode.AGENCY
    x.service_provider = "某安全服务公司"
    enterprise_save(enterprise=x, actor=w.staff)


def edit_moves_to_another_town(w):
    x = w.enterprise_x
    x.grid_cell = w.village_b
    enterprise_save(enterprise=x, actor=w.staff)


def change_grade(w):
    enterprise_change_grade(
        enterprise=w.enterprise_x,
        grade=RiskGrade.RED,
        effective_date=timezone.localdate(),
        reason="复查",
        actor=w.staff,
    )


def record_grades_in_bulk(w):  # .update() with a subquery: no signal, no save()
    enterprise_grades_record(
        grades={w.enterprise_x.pk: RiskGrade.YELLOW, w.enterprise_y.pk: RiskGrade.BLUE},
        effective_date=timezone.localdate(),
        reason="初始等级",
        actor=w.staff,
    )


def import_new_and_existing(w):  # bulk_create, then bulk_update of the same credit codes with another state
    assert not enterprise_import(file=csv_file([row(w.village_a, n) for n in range(3)]), actor=w.staff).errors
    again = [row(w.village_b, n, **{"经营状态": "停产整顿", "重点监管": "否"}) for n in range(3)]
    assert not enterprise_import(file=csv_file(again), actor=w.staff).errors


def move_a_cell_to_another_town(w):  # grids' UPDATE of the paths, then enterprises' UPDATE of the towns
    cell = w.cell_a
    cell.parent = w.town2
    grid_cell_save(cell=cell, actor=w.admin)


def suspend_by_document(w):  # another app's service changes the status
    document_issue(
        kind=DocumentKind.MEASURES_DECISION,
        enterprise=w.enterprise_x,
        actor=w.inspector,
        co_signer=w.inspector2,
        suspends=True,
        facts="罐区存在重大事故隐患",
    )


def record_an_inspection(w):  # an .update() of a column the rows are not keyed by: nothing changes
    inspection_record(
        enterprise=w.enterprise_x, date=timezone.localdate(), inspectors=[w.inspector, w.inspector2], actor=w.inspector
    )


def delete(w):
    Enterprise.objects.filter(pk=w.enterprise_y.pk).delete()


def raw_sql_as_a_data_migration_would(w):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE enterprises_enterprise SET status = %s, grade = %s", ["closed", "green"])


def rolled_back(w):
    with pytest.raises(RuntimeError), transaction.atomic():
        change_grade(w)
        raise RuntimeError


WRITERS = [
    register,
    edit_status_and_modes,
    edit_moves_to_another_town,
    change_grade,
    record_grades_in_bulk,
    import_new_and_existing,
    move_a_cell_to_another_town,
    suspend_by_document,
    record_an_inspection,
    delete,
    raw_sql_as_a_data_migration_would,
    rolled_back,
]


@pytest.fixture
def w(world, bureau_admin, staff, inspector, inspector2):
    world.admin, world.staff, world.inspector, world.inspector2 = bureau_admin, staff, inspector, inspector2
    assert summary.kept_counts() == summary.fresh_counts() != {}  # the fixtures' own inserts were counted
    return world


@pytest.mark.parametrize("writer", WRITERS, ids=lambda f: f.__name__)
def test_after_every_kind_of_write_the_summary_rows_equal_a_fresh_count(w, writer):
    before = summary.fresh_counts()

    writer(w)

    assert summary.drift() == {}
    if writer not in (record_an_inspection, rolled_back):
        assert summary.fresh_counts() != before  # the writer did change what the rows count


def test_a_writer_the_rows_miss_is_detected(w):
    """The check is not vacuous: with the update trigger gone (as if the grade change forgot its count), the grade
    change leaves the rows behind and drift() names the two keys; `rebuild_summaries --check` fails the same way,
    and `rebuild_summaries` puts the trigger back and the counts right."""
    with connection.cursor() as cursor:
        cursor.execute(
            "DROP TRIGGER enterprises_count_update"
            + (" ON enterprises_enterprise" if connection.vendor == "postgresql" else "")
        )

    change_grade(w)

    drift = summary.drift()
    assert len(drift) == 2 and sorted(drift.values()) == [(0, 1), (1, 0)]
    with pytest.raises(CommandError):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert summary.drift() == {}
    edit_status_and_modes(w)  # the trigger is back
    assert summary.drift() == {}


def test_the_registry_list_reads_its_counts_from_the_rows(client, w):
    """Tamper with the rows: the bureau's list (filtered only by what the rows are keyed by) shows the tampered
    figure, a filter the rows do not answer and a grid officer's list count the enterprises."""
    EnterpriseCount.objects.filter(n__gt=0).update(n=7)
    rows = EnterpriseCount.objects.filter(n=7).count()
    client.force_login(w.staff)

    assert f'data-total="{7 * rows}"' in client.get(reverse("enterprises:list")).content.decode()
    town = client.get(reverse("enterprises:list"), {"town": w.town1.code, "in_registry": "1"}).content.decode()
    assert 'data-total="7"' in town
    assert 'data-total="1"' in client.get(reverse("enterprises:list"), {"q": "企业X"}).content.decode()


def test_the_command_rebuilds_the_rows(w):
    EnterpriseCount.objects.all().delete()
    assert summary.drift()

    call_command("rebuild_summaries", stdout=io.StringIO())

    assert summary.drift() == {} and summary.kept_counts() == summary.fresh_counts()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_with_enterprises(world):
    assert summary.drift() == {} and summary.kept_counts()


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_no_count_is_left_behind():
    """The flush empties the summary rows after the enterprises (tests/conftest.py): no negative count remains."""
    assert not EnterpriseCount.objects.exclude(n=0).exists()
