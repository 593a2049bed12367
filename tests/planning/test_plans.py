"""The yearly plan: planned counts from the registry, capacity, approval and revision, progress from inspections,
the repeat warning and the enterprises inspected more often than planned."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.once import AlreadyDone
from enterprises.models import InspectionInterval, RiskGrade
from inspections.inspection.models import InspectionKind
from inspections.inspection.services import inspection_record
from inspections.planning.plan_checks import over_planned, repeat_warning
from inspections.planning.plan_models import PlanGroup, PlanMethod, PlannedCount, PlanStatus, SupervisionPlan
from inspections.planning.plan_services import plan_approve, plan_revise, plan_save
from inspections.planning.plans import apportion, plan_figures, visit_months
from tests.factories import make_enterprise
from tests.planning.helpers import make_roster

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year
NONE = (PlanMethod.NONE, None, [])


def lines(**overrides):
    result = dict.fromkeys(PlanGroup.values, NONE)
    result.update(overrides)
    return result


def draft(actor, year=YEAR, **overrides):
    return plan_save(
        year=year,
        title="安全生产监督检查计划",
        capacity_per_officer=5,
        repeat_days=30,
        lines=lines(**overrides),
        actor=actor,
    )


@pytest.fixture
def registry(world):
    """Red and key enterprises in two towns; twenty blue ones, 13 in town 1 and 7 in town 2."""
    make_enterprise(grid_cell=world.village_a, grade=RiskGrade.RED)
    make_enterprise(grid_cell=world.village_b, grade=RiskGrade.RED)
    make_enterprise(grid_cell=world.village_a, grade=RiskGrade.GREEN, key_supervision=True)
    for n in range(20):
        make_enterprise(grid_cell=world.village_a if n < 13 else world.village_b, grade=RiskGrade.BLUE)
    return world


def test_key_visits_follow_the_grade_intervals():
    assert visit_months(30) == list(range(1, 13))
    assert visit_months(90) == [1, 4, 7, 10]
    assert visit_months(365) == [1]


def test_apportion_adds_up_by_largest_remainder():
    shares = apportion(3, {"a": 13, "b": 7})
    assert shares == {"a": 2, "b": 1}
    assert sum(apportion(7, {1: 1, 2: 1, 3: 1}).values()) == 7


def test_counts_by_month_and_town_add_up_to_the_total(registry, staff):
    InspectionInterval.objects.update_or_create(grade=RiskGrade.RED, defaults={"days": 30})
    plan = draft(
        staff,
        red=(PlanMethod.KEY, None, []),
        key_supervision=(PlanMethod.KEY, None, []),
        blue=(PlanMethod.GENERAL, Decimal("10"), [3, 9]),
    )
    figures = plan_figures(plan)
    # Red: 2 × 12 months; key (green interval, 365 days): 1 in January; blue: 10 % of 20 = 2, in March and September.
    assert figures.total == 24 + 1 + 4
    assert sum(row["planned"] for row in figures.months()) == figures.total
    assert sum(row["planned"] for row in figures.towns()) == figures.total
    assert sum(row["planned"] for row in figures.groups()) == figures.total
    by_month = {row["month"]: row["planned"] for row in figures.months()}
    assert by_month[1] == 3 and by_month[3] == 4 and by_month[2] == 2


def test_capacity_shows_the_months_it_does_not_cover(registry, staff):
    make_roster(1)  # one officer × 5 a month
    plan = draft(staff, red=(PlanMethod.KEY, None, []), blue=(PlanMethod.GENERAL, Decimal("20"), [6]))
    InspectionInterval.objects.update_or_create(grade=RiskGrade.RED, defaults={"days": 30})
    figures = plan_figures(plan)
    assert figures.capacity == 5
    # June: 2 red + 4 blue = 6 > 5; the other months 2.
    assert figures.uncovered_months() == [6]


def test_approval_writes_the_counts_and_who_and_when(registry, staff):
    plan = draft(staff, blue=(PlanMethod.GENERAL, Decimal("10"), [3]))
    plan_approve(plan=plan, actor=staff)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.approved_by == staff and plan.approved_at
    assert sum(PlannedCount.objects.filter(plan=plan).values_list("planned", flat=True)) == 2
    # The registry changes; the approved plan's counts do not.
    make_enterprise(grid_cell=registry.village_a, grade=RiskGrade.BLUE)
    assert plan_figures(plan).total == 2
    with pytest.raises(AlreadyDone):
        plan_approve(plan=plan, actor=staff)


def test_a_revision_is_a_new_version_replacing_the_approved_one_when_approved(registry, staff):
    first = draft(staff, blue=(PlanMethod.GENERAL, Decimal("10"), [3]))
    plan_approve(plan=first, actor=staff)
    revision = plan_revise(plan=first, actor=staff)
    assert (revision.version, revision.status, revision.revises) == (2, PlanStatus.DRAFT, first)
    with pytest.raises(AlreadyDone):
        plan_revise(plan=first, actor=staff)
    with pytest.raises(ValidationError):
        plan_save(plan=first, year=YEAR, title="改", capacity_per_officer=5, repeat_days=30, lines=lines(), actor=staff)
    plan_save(
        plan=revision,
        year=YEAR,
        title="修订",
        capacity_per_officer=5,
        repeat_days=30,
        lines=lines(blue=(PlanMethod.GENERAL, Decimal("20"), [3, 6])),
        actor=staff,
    )
    plan_approve(plan=revision, actor=staff)
    first.refresh_from_db()
    assert first.status == PlanStatus.REPLACED
    assert plan_figures(first).total == 2  # the old version stays readable as it was
    assert plan_figures(SupervisionPlan.objects.get(pk=revision.pk)).total == 8


def test_a_general_line_needs_a_ratio_and_months(world, staff):
    with pytest.raises(ValidationError, match="抽取比例"):
        draft(staff, blue=(PlanMethod.GENERAL, None, [3]))
    with pytest.raises(ValidationError, match="抽取月份"):
        draft(staff, blue=(PlanMethod.GENERAL, Decimal("5"), []))


def test_only_staff_and_admins_write_plans(world, inspector):
    with pytest.raises(PermissionDenied):
        draft(inspector)


def test_progress_counts_inspections_of_the_kind_planned(registry, staff, inspector, inspector2):
    plan = draft(staff, red=(PlanMethod.KEY, None, []), blue=(PlanMethod.GENERAL, Decimal("10"), [3]))
    red = registry.enterprise_x.__class__.objects.filter(grade=RiskGrade.RED).first()
    blue = registry.enterprise_x.__class__.objects.filter(grade=RiskGrade.BLUE).first()
    today = timezone.localdate()
    pair = [inspector, inspector2]
    inspection_record(enterprise=red, date=today, inspectors=pair, actor=inspector)
    inspection_record(enterprise=blue, date=today, inspectors=pair, actor=inspector, kind=InspectionKind.RANDOM)
    # A routine visit to a drawn group is not the plan's general inspection; a recheck is no planned visit.
    inspection_record(enterprise=blue, date=today, inspectors=pair, actor=inspector)
    inspection_record(enterprise=red, date=today, inspectors=pair, actor=inspector, kind=InspectionKind.RECHECK)
    figures = plan_figures(plan)
    assert figures.done_total == 2
    assert figures.months()[today.month - 1]["done"] == 2
    assert {row["label"]: row["done"] for row in figures.groups()}["红色等级"] == 1


def test_repeat_warning_says_when_and_by_whom(world, staff, inspector, inspector2):
    plan = draft(staff, red=(PlanMethod.KEY, None, []))
    SupervisionPlan.objects.filter(pk=plan.pk).update(repeat_days=10)
    plan_approve(plan=plan, actor=staff)
    today = timezone.localdate()
    assert repeat_warning(world.enterprise_x, today) == ""
    inspector.first_name = "张检"
    inspector.save()
    inspection_record(
        enterprise=world.enterprise_x,
        date=today - timedelta(days=3),
        inspectors=[inspector, inspector2],
        actor=inspector,
    )
    warning = repeat_warning(world.enterprise_x, today)
    assert "张检" in warning and f"{today - timedelta(days=3):%Y-%m-%d}" in warning and "10 天" in warning
    assert repeat_warning(world.enterprise_x, today + timedelta(days=11)) == ""


def test_the_inspection_form_shows_the_warning_without_blocking(world, inspector, inspector2):
    inspection_record(
        enterprise=world.enterprise_x, date=timezone.localdate(), inspectors=[inspector, inspector2], actor=inspector
    )
    client = Client()
    client.force_login(inspector)
    page = client.get(reverse("inspections:create") + f"?enterprise={world.enterprise_x.credit_code}")
    assert "data-repeat-warning" in page.content.decode()


def test_over_planned_lists_enterprises_inspected_more_than_the_plan_gives(world, staff, inspector, inspector2):
    plan = draft(staff, ungraded=(PlanMethod.GENERAL, Decimal("50"), [3]))
    plan_approve(plan=plan, actor=staff)
    today = timezone.localdate()
    pair = [inspector, inspector2]
    inspection_record(enterprise=world.enterprise_x, date=today, inspectors=pair, actor=inspector)
    inspection_record(enterprise=world.enterprise_x, date=today, inspectors=pair, actor=inspector)
    inspection_record(enterprise=world.enterprise_y, date=today, inspectors=pair, actor=inspector)
    listed = list(over_planned(plan))
    assert [e.pk for e in listed] == [world.enterprise_x.pk]
    assert (listed[0].inspected, listed[0].expected) == (2, 1)
    client = Client()
    client.force_login(inspector)
    page = client.get(reverse("plans:over_planned")).content.decode()
    assert 'data-total="1"' in page


def test_the_plan_page_shows_counts_and_capacity(registry, staff):
    plan = draft(staff, blue=(PlanMethod.GENERAL, Decimal("10"), [3]))
    client = Client()
    client.force_login(staff)
    page = client.get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert 'data-plan-total="2"' in page and 'data-month="3" data-planned="2"' in page
    listed = client.post(reverse("plans:approve", args=[plan.pk]))
    assert listed.status_code == 302
    planned = client.get(reverse("plans:planned") + f"?year={YEAR}").content.decode()
    assert 'data-total="2"' in planned


def test_the_plan_page_takes_as_many_queries_with_more_enterprises_and_inspections(
    registry, staff, inspector, inspector2
):
    plan = draft(staff, red=(PlanMethod.KEY, None, []), blue=(PlanMethod.GENERAL, Decimal("10"), [3]))
    client = Client()
    client.force_login(staff)
    url = reverse("plans:detail", args=[plan.pk])

    def queries():
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(6):
        enterprise = make_enterprise(grid_cell=registry.village_b, grade=RiskGrade.RED)
        inspection_record(
            enterprise=enterprise, date=timezone.localdate(), inspectors=[inspector, inspector2], actor=inspector
        )
    assert queries() == few


def test_the_registry_by_group_is_read_from_the_summary_rows_as_a_fresh_count_has_it(registry):
    from django.db.models import Count

    from enterprises.models import Enterprise, EnterpriseStatus
    from inspections.planning.plans import _registry, group_of

    closed = make_enterprise(grid_cell=registry.village_a, grade=RiskGrade.RED)
    Enterprise.objects.filter(pk=closed.pk).update(status=EnterpriseStatus.CLOSED)
    fresh = (
        Enterprise.objects.operating()
        .annotate(plan_group=group_of())
        .values_list("plan_group", "grade", "town_id")
        .annotate(n=Count("pk"))
        .order_by()
    )

    assert _registry() == {(group, grade, town): n for group, grade, town, n in fresh}
    assert _registry()[(PlanGroup.KEY_SUPERVISION, RiskGrade.GREEN, registry.town1.pk)] == 1
