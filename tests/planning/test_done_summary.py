"""The plan's progress rows (InspectionCount, inspections/planning/done_summary.py) equal a fresh count after every kind
of write to the inspections and to their enterprises' grade, key supervision and town; the check notices when one
writer's update is missing; the plan page reads its progress from the rows and counts each inspection under its
enterprise's current group and town."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count
from django.db.models.functions import ExtractMonth
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise, RiskGrade
from enterprises.services import enterprise_change_grade, enterprise_grades_record, enterprise_save
from grids.services import grid_cell_save
from inspections.inspection.models import Inspection, InspectionKind
from inspections.inspection.services import inspection_record
from inspections.planning import done_summary as summary
from inspections.planning.done_models import InspectionCount
from inspections.planning.plan_models import PlanGroup, PlanMethod
from inspections.planning.plan_services import plan_approve, plan_save
from inspections.planning.plans import KIND_OF_METHOD, done_counts, group_of, plan_figures
from tests.factories import make_enterprise
from tests.summaries import drop_trigger

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
EARLIER = TODAY - timedelta(days=40)  # another month (of this year or the last)


def record(w, enterprise, kind=InspectionKind.ROUTINE, date=TODAY):
    return inspection_record(
        enterprise=enterprise, date=date, inspectors=[w.inspector, w.inspector2], actor=w.inspector, kind=kind
    )


def record_routine(w):
    record(w, w.red)


def record_random(w):
    record(w, w.enterprise_y, InspectionKind.RANDOM, EARLIER)


def record_recheck(w):  # a kind no plan counts: no row changes
    record(w, w.red, InspectionKind.RECHECK)


def bulk_insert(w):  # as the demo seed loads inspections
    Inspection.objects.bulk_create(
        [
            Inspection(enterprise=e, date=d, kind=k, created_by=w.inspector)
            for e in (w.enterprise_x, w.red, w.key)
            for d in (TODAY, EARLIER)
            for k in (InspectionKind.ROUTINE, InspectionKind.RANDOM, InspectionKind.RECHECK)
        ]
    )


def move_date(w):  # to another month
    Inspection.objects.filter(pk=w.routine.pk).update(date=EARLIER)


def change_kind(w):
    Inspection.objects.filter(pk=w.routine.pk).update(kind=InspectionKind.RANDOM)


def change_to_an_uncounted_kind(w):
    Inspection.objects.filter(pk=w.routine.pk).update(kind=InspectionKind.RECHECK)


def change_from_an_uncounted_kind(w):
    Inspection.objects.filter(pk=w.recheck.pk).update(kind=InspectionKind.ROUTINE)


def move_to_another_enterprise(w):  # red in town 1 → key supervision in town 2
    Inspection.objects.filter(pk=w.routine.pk).update(enterprise=w.key)


def delete(w):
    Inspection.objects.filter(pk=w.routine.pk).delete()


def update_in_bulk(w):  # .update(): no signal, no save()
    Inspection.objects.update(date=EARLIER, kind=InspectionKind.ROUTINE)


def raw_sql(w):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE inspections_inspection SET kind = %s", [InspectionKind.RANDOM])


def rolled_back(w):
    with pytest.raises(RuntimeError), transaction.atomic():
        record_routine(w)
        raise RuntimeError


def regrade(w):  # red → blue: its inspections count under blue
    enterprise_change_grade(enterprise=w.red, grade=RiskGrade.BLUE, effective_date=TODAY, reason="复评", actor=w.staff)


def regrade_many(w):  # the import's bulk service: one UPDATE of many enterprises
    grades = {w.red.pk: RiskGrade.YELLOW, w.enterprise_x.pk: RiskGrade.GREEN, w.enterprise_y.pk: RiskGrade.RED}
    enterprise_grades_record(grades=grades, effective_date=TODAY, reason="年度评定", actor=w.staff)


def regrade_everyone(w):  # one statement over the whole registry
    Enterprise.objects.update(grade=RiskGrade.YELLOW)


def regrade_a_key_supervised_one(w):  # still key supervision: no row changes
    enterprise_change_grade(enterprise=w.key, grade=RiskGrade.RED, effective_date=TODAY, reason="复评", actor=w.staff)


def put_under_key_supervision(w):
    w.red.key_supervision = True
    enterprise_save(enterprise=w.red, actor=w.staff)


def enterprise_moves_town(w):  # the inspections' counts follow their enterprise to town 2
    w.red.grid_cell = w.village_b
    enterprise_save(enterprise=w.red, actor=w.staff)


def cell_moves_town(w):  # grids' UPDATE of the paths, then enterprises' UPDATE of the towns
    w.cell_a.parent = w.town2
    grid_cell_save(cell=w.cell_a, actor=w.admin)


def enterprise_loses_its_town(w):  # moved to a cell above town level: town 0
    Enterprise.objects.filter(pk=w.red.pk).update(town=None)


def last_inspected_on_updated(w):  # an update of other columns: no row changes
    Enterprise.objects.update(last_inspected_on=TODAY)


def enterprise_deleted_before_its_inspections(w):  # the foreign keys are deferred: the order is the writer's
    Inspection.inspectors.through.objects.filter(inspection__enterprise=w.red).delete()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM enterprises_enterprise WHERE id = %s", [w.red.pk])
        # Its two counted inspections now count as ungraded in town 0, no longer as red in town 1.
        gone = sum(n for (_, _, group, town), n in summary.kept_counts().items() if (group, town) == ("ungraded", 0))
        assert gone == 2
        cursor.execute("DELETE FROM inspections_inspection WHERE enterprise_id = %s", [w.red.pk])


WRITERS = [
    record_routine,
    record_random,
    bulk_insert,
    move_date,
    change_kind,
    change_to_an_uncounted_kind,
    change_from_an_uncounted_kind,
    move_to_another_enterprise,
    delete,
    update_in_bulk,
    raw_sql,
    regrade,
    regrade_many,
    regrade_everyone,
    put_under_key_supervision,
    enterprise_moves_town,
    cell_moves_town,
    enterprise_loses_its_town,
    enterprise_deleted_before_its_inspections,
]
# Writers after which the rows must be as they were (and still equal a fresh count).
UNCHANGED = [rolled_back, record_recheck, regrade_a_key_supervised_one, last_inspected_on_updated]


@pytest.fixture
def w(world, bureau_admin, staff, inspector, inspector2):
    world.admin, world.staff, world.inspector, world.inspector2 = bureau_admin, staff, inspector, inspector2
    world.red = make_enterprise(grid_cell=world.village_a, grade=RiskGrade.RED)
    world.key = make_enterprise(grid_cell=world.village_b, grade=RiskGrade.GREEN, key_supervision=True)
    world.routine = record(world, world.red)
    record(world, world.red, InspectionKind.RANDOM, EARLIER)
    world.recheck = record(world, world.red, InspectionKind.RECHECK)
    record(world, world.key)
    record(world, world.enterprise_x)
    record(world, world.enterprise_y, InspectionKind.RANDOM)
    assert summary.kept_counts() == summary.fresh_counts() != {}  # the fixtures' own inserts were counted
    return world


@pytest.mark.parametrize("writer", WRITERS, ids=lambda f: f.__name__)
def test_after_every_kind_of_write_the_summary_rows_equal_a_fresh_count(w, writer):
    before = summary.fresh_counts()

    writer(w)

    assert summary.drift() == {}
    assert summary.fresh_counts() != before  # the writer did change what the rows count


@pytest.mark.parametrize("writer", UNCHANGED, ids=lambda f: f.__name__)
def test_writes_that_change_no_count_leave_the_rows_as_they_were(w, writer):
    before = summary.kept_counts()

    writer(w)

    assert summary.drift() == {} and summary.kept_counts() == before


def test_the_month_key_is_the_inspections_year_and_month(w):
    keys = {(month, kind, group) for month, kind, group, _ in summary.kept_counts()}
    assert (f"{TODAY:%Y-%m}", InspectionKind.ROUTINE, PlanGroup.RED) in keys
    assert (f"{EARLIER:%Y-%m}", InspectionKind.RANDOM, PlanGroup.RED) in keys
    assert (f"{TODAY:%Y-%m}", InspectionKind.ROUTINE, PlanGroup.KEY_SUPERVISION) in keys
    assert (f"{TODAY:%Y-%m}", InspectionKind.ROUTINE, PlanGroup.UNGRADED) in keys
    assert not any(kind == InspectionKind.RECHECK for _, kind, _ in keys)


@pytest.mark.parametrize(
    "trigger, table, writer",
    [
        ("inspections_count_insert", "inspections_inspection", record_routine),
        ("inspections_count_update", "inspections_inspection", move_date),
        ("inspections_count_delete", "inspections_inspection", delete),
        ("inspections_count_enterprise_update", "enterprises_enterprise", regrade),
    ],
)
def test_a_writer_the_rows_miss_is_detected(w, trigger, table, writer):
    """The check is not vacuous: with one trigger gone (as if that writer forgot its count), the write leaves the rows
    behind and drift() names the keys; `rebuild_summaries --check` fails, and `rebuild_summaries` puts the trigger
    back and the counts right."""
    drop_trigger(trigger, table)

    writer(w)

    drift = summary.drift()
    assert drift and all(kept != fresh for kept, fresh in drift.values())
    with pytest.raises(CommandError, match="检查计数汇总"):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert summary.drift() == {}
    record_random(w)  # the triggers are back
    move_date(w)
    enterprise_moves_town(w)
    assert summary.drift() == {}


def test_the_command_rebuilds_the_rows(w):
    InspectionCount.objects.all().delete()
    assert summary.drift()

    out = io.StringIO()
    call_command("rebuild_summaries", stdout=out)

    assert summary.drift() == {} and summary.kept_counts() == summary.fresh_counts()
    assert "检查计数汇总已重新计算：5 家次" in out.getvalue()  # the recheck is not counted


def _plan(w):
    plan = plan_save(
        year=TODAY.year,
        title="安全生产监督检查计划",
        capacity_per_officer=5,
        repeat_days=30,
        lines={
            **dict.fromkeys(PlanGroup.values, (PlanMethod.NONE, None, [])),
            PlanGroup.RED: (PlanMethod.KEY, None, []),
            PlanGroup.BLUE: (PlanMethod.KEY, None, []),
            PlanGroup.KEY_SUPERVISION: (PlanMethod.KEY, None, []),
            PlanGroup.UNGRADED: (PlanMethod.GENERAL, Decimal("50"), [3]),
        },
        actor=w.staff,
    )
    plan_approve(plan=plan, actor=w.staff)
    return plan


def _joined(plan):
    """The progress as the plan page counted it before the rows: the year's inspections joined to their enterprises'
    current group and town."""
    methods = {line.group: line.method for line in plan.lines.all()}
    rows = (
        Inspection.objects.filter(date__year=plan.year, kind__in=list(KIND_OF_METHOD.values()))
        .annotate(plan_group=group_of("enterprise__"), month=ExtractMonth("date"))
        .values_list("plan_group", "kind", "month", "enterprise__town_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        (group, methods[group], month, town): n
        for group, kind, month, town, n in rows
        if methods.get(group) in KIND_OF_METHOD and KIND_OF_METHOD[methods[group]] == kind
    }


@pytest.mark.parametrize("writer", [regrade, enterprise_moves_town, put_under_key_supervision, bulk_insert])
def test_the_progress_counts_each_inspection_under_its_enterprises_current_group_and_town(w, writer):
    plan = _plan(w)
    assert done_counts(plan) == _joined(plan) != {}

    writer(w)

    assert done_counts(plan) == _joined(plan)


def test_a_regraded_enterprises_inspections_move_to_its_new_group(w):
    plan = _plan(w)
    this_month = (TODAY.month, w.town1.pk)
    assert done_counts(plan)[(PlanGroup.RED, PlanMethod.KEY, *this_month)] == 1

    regrade(w)

    done = done_counts(plan)
    assert done[(PlanGroup.RED, PlanMethod.KEY, *this_month)] == 0
    assert done[(PlanGroup.BLUE, PlanMethod.KEY, *this_month)] == 1


def test_the_plan_page_reads_its_progress_from_the_rows(w):
    """Tamper with the rows: the page shows the tampered figures."""
    plan = _plan(w)
    client = Client()
    client.force_login(w.staff)
    page = client.get(reverse("plans:detail", args=[plan.pk]))
    done = plan_figures(plan).done_total
    assert page.context["figures"].done_total == done > 0

    InspectionCount.objects.update(n=7)

    page = client.get(reverse("plans:detail", args=[plan.pk]))
    assert page.context["figures"].done_total == 7 * len(done_counts(plan)) != done


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_with_inspections(world, inspector, inspector2):
    inspection_record(enterprise=world.enterprise_x, date=TODAY, inspectors=[inspector, inspector2], actor=inspector)
    assert summary.drift() == {} and summary.kept_counts()


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_no_count_is_left_behind():
    """The flush empties the summary rows after the inspections and enterprises (tests/conftest.py)."""
    assert not InspectionCount.objects.exclude(n=0).exists()
