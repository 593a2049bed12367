from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.exceptions import ValidationError

from bureau.assessment.models import IndicatorRule, IndicatorScore, PreDeduction, Ranking, Restoration
from bureau.assessment.registry import INDICATORS
from bureau.assessment.scoring import competition_ranks, compute_ranking
from bureau.assessment.services import pre_deduction_create, restoration_approve
from bureau.quarters import Quarter
from enterprises.models import Enterprise, GradeChange
from grids.models import GridAssignment
from hazards.models import QuarterlyStatistics, SelfCheck
from inspections.accidents.models import Accident
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.inspection.models import Inspection
from tests.factories import make_enterprise, make_hazard

Q3 = Quarter(2026, 3)
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day):
    return datetime(day.year, day.month, day.day, 12, tzinfo=SHANGHAI)


def scores_of(ranking, town):
    row = ranking.rows.get(town=town)
    return {s.indicator.rule: s for s in row.scores.select_related("indicator")}


def test_quarters():
    q = Quarter.parse("2026q3")
    assert (q.start, q.end, q.slug, q.label) == (date(2026, 7, 1), date(2026, 9, 30), "2026Q3", "2026年第三季度")
    assert q.previous() == Quarter(2026, 2) and Quarter(2026, 4).next() == Quarter(2027, 1)
    assert q.months == (7, 8, 9) and Quarter.last_ended(date(2026, 10, 1)) == q
    with pytest.raises(ValueError, match="2026Q3"):
        Quarter.parse("2026Q5")


def test_every_rule_has_one_registry_entry_that_reads_its_own_inputs():
    assert set(INDICATORS) == set(IndicatorRule)
    for rule, spec in INDICATORS.items():
        assert spec.rule == rule
        assert spec.explain(spec.empty_inputs), rule  # every placeholder of the explanation is an input


def test_competition_ranks_share_ties():
    assert competition_ranks({"a": Decimal(90), "b": Decimal(85), "c": Decimal(85), "d": Decimal(70)}) == {
        "a": 1,
        "b": 2,
        "c": 2,
        "d": 4,
    }


def test_inspections_due_by_grade(world, staff, inspector):
    x = world.enterprise_x
    red = make_enterprise(grid_cell=world.village_a, name="红")
    green = make_enterprise(grid_cell=world.village_a, name="绿")
    for enterprise, grade in [(x, "blue"), (red, "red"), (green, "green")]:
        GradeChange.objects.create(
            enterprise=enterprise, grade=grade, effective_date=date(2026, 1, 1), reason="定级", changed_by=staff
        )
    # x: blue, last inspected 1 Feb → due 31 Jul, inspected in Aug: done.
    # red: last inspected 20 Jun → due 20 Jul, not inspected: missed.
    # green: last inspected 1 Mar → due next year: not due.
    # y (town 2): never inspected, not inspected: due and missed.
    for enterprise, day in [
        (x, date(2026, 2, 1)),
        (x, date(2026, 8, 10)),
        (red, date(2026, 6, 20)),
        (green, date(2026, 3, 1)),
    ]:
        Inspection.objects.create(enterprise=enterprise, date=day, created_by=inspector)

    ranking = compute_ranking(Q3)

    town1 = scores_of(ranking, world.town1)[IndicatorRule.INSPECTIONS_DUE]
    assert town1.inputs == {"due": 2, "done": 1}
    assert town1.value == Decimal("0.5") and town1.points == Decimal("10.00")
    assert scores_of(ranking, world.town2)[IndicatorRule.INSPECTIONS_DUE].inputs == {"due": 1, "done": 0}


def test_rectification_and_overdue_at_the_quarters_end(world, staff):
    def hazard(**fields):
        return make_hazard(enterprise=world.enterprise_x, reported_by=staff, **fields)

    hazard(
        found_on=date(2026, 7, 5),
        rectification_deadline=date(2026, 7, 20),
        status="closed",
        closed_at=at(date(2026, 7, 18)),
    )
    hazard(
        found_on=date(2026, 7, 6),
        rectification_deadline=date(2026, 8, 1),
        status="closed",
        closed_at=at(date(2026, 10, 3)),
    )  # closed after the quarter: overdue at its end
    hazard(
        found_on=date(2026, 8, 6),
        rectification_deadline=date(2026, 9, 1),
        level="major",
        plan_objectives="x",
        plan_methods="x",
        plan_funds_materials="x",
        plan_organization="x",
        plan_timeline="x",
        plan_safety_measures="x",
    )
    hazard(found_on=date(2026, 9, 20), rectification_deadline=date(2026, 10, 20))  # not yet due

    scores = scores_of(compute_ranking(Q3), world.town1)

    rate = scores[IndicatorRule.RECTIFICATION_RATE]
    assert rate.inputs == {"found": 4, "closed": 1} and rate.points == Decimal("5.00")
    overdue = scores[IndicatorRule.OVERDUE_HAZARDS]
    assert overdue.inputs == {"general": 1, "major": 1}
    assert overdue.points == Decimal("11.00")  # 15 - 1 general x 1 - 1 major x 3


def test_self_checks_statistics_and_grid_coverage(world, enterprise_user_x, grid_officer_a):
    y = world.enterprise_y
    SelfCheck.objects.create(
        enterprise=world.enterprise_x, year=2026, month=8, found_nothing=True, submitted_by=enterprise_user_x
    )
    SelfCheck.objects.create(enterprise=y, year=2026, month=6, found_nothing=True, submitted_by=enterprise_user_x)
    stats = {"general_found": 0, "general_rectified": 0, "major_found": 0, "major_rectified": 0, "funds": 0}
    QuarterlyStatistics.objects.create(
        enterprise=world.enterprise_x,
        year=2026,
        quarter=2,
        submitted_by=enterprise_user_x,
        submitted_at=at(date(2026, 7, 15)),
        **stats,
    )
    QuarterlyStatistics.objects.create(
        enterprise=y, year=2026, quarter=2, submitted_by=enterprise_user_x, submitted_at=at(date(2026, 7, 16)), **stats
    )  # late
    # The persona holds cell A from today; here it has held it since January.
    GridAssignment.objects.filter(cell=world.cell_a, user=grid_officer_a).update(start_date=date(2026, 1, 1))
    GridAssignment.objects.create(
        cell=world.village_a, user=grid_officer_a, start_date=date(2026, 1, 1), end_date=date(2026, 8, 1)
    )  # left before the quarter's end

    ranking = compute_ranking(Q3)
    town1, town2 = scores_of(ranking, world.town1), scores_of(ranking, world.town2)

    assert town1[IndicatorRule.SELF_CHECK_COVERAGE].inputs == {"enterprises": 1, "checked": 1}
    assert town2[IndicatorRule.SELF_CHECK_COVERAGE].inputs == {"enterprises": 1, "checked": 0}
    assert town1[IndicatorRule.STATISTICS_ON_TIME].inputs == {"enterprises": 1, "on_time": 1}
    assert town2[IndicatorRule.STATISTICS_ON_TIME].inputs == {"enterprises": 1, "on_time": 0}
    # town 1's subtree: the town, cell A, village A; only cell A has a 责任人 in office at the end.
    assert town1[IndicatorRule.GRID_COVERAGE].inputs == {"cells": 3, "covered": 1}
    assert town1[IndicatorRule.GRID_COVERAGE].points == Decimal("3.33")


def test_campaign_progress_and_accident_deductions(world, staff):
    campaign = Campaign.objects.create(
        name="专项", start_date=date(2026, 3, 1), end_date=date(2026, 12, 31), created_by=staff
    )
    CampaignTarget.objects.create(
        campaign=campaign, enterprise=world.enterprise_x, surveyed_on=date(2026, 7, 1), completed_on=date(2026, 9, 1)
    )
    CampaignTarget.objects.create(campaign=campaign, enterprise=world.enterprise_y, surveyed_on=date(2026, 10, 9))
    Accident.objects.create(
        date=date(2026, 8, 8),
        enterprise=world.enterprise_y,
        deaths=1,
        injuries=2,
        summary="机械伤害",
        recorded_by=staff,
    )

    ranking = compute_ranking(Q3)
    town1, town2 = scores_of(ranking, world.town1), scores_of(ranking, world.town2)

    assert town1[IndicatorRule.CAMPAIGN_PROGRESS].value == 1
    assert town2[IndicatorRule.CAMPAIGN_PROGRESS].inputs == {"targets": 1, "surveyed": 0, "completed": 0}
    assert town2[IndicatorRule.ACCIDENTS].points == Decimal("-7.00")  # 1 accident x 2 + 1 death x 5
    assert town1[IndicatorRule.ACCIDENTS].points == 0


def test_pre_deductions_are_earned_back_before_the_quarter_closes(world, staff):
    deduction = pre_deduction_create(
        town=world.town1, quarter=Q3, points=Decimal(5), reason="网格责任人未落实", actor=staff
    )
    restoration_approve(
        pre_deduction=deduction,
        points=Decimal(3),
        evidence="已落实 12 名网格责任人",
        actor=staff,
        approved_on=date(2026, 9, 10),
    )
    restoration_approve(
        pre_deduction=deduction, points=Decimal(1), evidence="迟到的整改", actor=staff, approved_on=date(2026, 10, 10)
    )  # after the quarter: does not count for it
    with pytest.raises(ValidationError, match="不能超过尚未恢复的 1"):
        restoration_approve(pre_deduction=deduction, points=Decimal(2), evidence="x", actor=staff)

    ranking = compute_ranking(Q3)
    row1, row2 = ranking.rows.get(town=world.town1), ranking.rows.get(town=world.town2)

    assert row1.pre_deduction == Decimal("2.00")
    assert row1.total == row1.score - 2
    assert row2.pre_deduction == 0


def test_equal_towns_share_a_rank_and_changes_follow_last_quarter(world):
    compute_ranking(Q3.previous())
    ranking = compute_ranking(Q3)

    rows = list(ranking.rows.all())
    assert [r.rank for r in rows] == [1, 1]  # nothing recorded: both towns score the same
    assert [r.change for r in rows] == [0, 0]


def test_recomputing_replaces_the_ranking_atomically(world, staff):
    first = compute_ranking(Q3)
    old_rows = list(first.rows.values_list("pk", "total"))
    old_town1_total = first.rows.get(town=world.town1).total
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        found_on=date(2026, 7, 1),
        rectification_deadline=date(2026, 7, 10),
    )

    killed = mock.patch.object(IndicatorScore.objects, "bulk_create", side_effect=RuntimeError("worker killed"))
    with killed, pytest.raises(RuntimeError):
        compute_ranking(Q3)

    assert list(Ranking.objects.get().rows.values_list("pk", "total")) == old_rows
    second = compute_ranking(Q3)
    assert second.pk == first.pk and Ranking.objects.count() == 1
    assert second.rows.get(town=world.town1).total < old_town1_total


def test_the_scheme_in_force_is_the_one_used(world, staff):
    from bureau.assessment.models import Indicator, Scheme

    new = Scheme.objects.create(name="新办法", valid_from_year=2026, valid_from_quarter=4)
    Indicator.objects.create(scheme=new, rule=IndicatorRule.GRID_COVERAGE, name="网格", weight=100)

    assert compute_ranking(Q3).scheme.valid_from == Quarter(2025, 1)
    assert compute_ranking(Quarter(2026, 4)).scheme == new


def test_the_beat_runs_at_two_on_the_first_day_of_each_quarter():
    schedule = settings.CELERY_BEAT_SCHEDULE["quarterly-ranking"]["schedule"]
    schedule.tz = SHANGHAI
    moment = datetime(2026, 11, 28, 12, 0, tzinfo=SHANGHAI)
    runs = []
    for _ in range(4):
        with time_machine.travel(moment, tick=False):
            moment = moment + schedule.remaining_estimate(moment)
        runs.append(moment.astimezone(SHANGHAI).replace(second=0, microsecond=0))
        moment += timedelta(minutes=1)

    assert [r.strftime("%Y-%m-%d %H:%M") for r in runs] == [
        "2027-01-01 02:00",
        "2027-04-01 02:00",
        "2027-07-01 02:00",
        "2027-10-01 02:00",
    ]


def test_pre_deductions_need_positive_points(world, staff):
    with pytest.raises(ValidationError, match="须大于 0"):
        pre_deduction_create(town=world.town1, quarter=Q3, points=Decimal(0), reason="x", actor=staff)
    assert not PreDeduction.objects.exists() and not Restoration.objects.exists()


def test_counting_the_registry_once_per_enterprise(world):
    Enterprise.objects.filter(pk=world.enterprise_y.pk).update(status="closed")

    ranking = compute_ranking(Q3)

    assert scores_of(ranking, world.town2)[IndicatorRule.SELF_CHECK_COVERAGE].inputs == {
        "enterprises": 0,
        "checked": 0,
    }
    assert ranking.computed_at is not None
