"""The ranking split across workers (one task per town, joined by a chord) gives exactly the single-task result."""

import time
from datetime import date
from decimal import Decimal

import pytest

from bureau.assessment.models import PreDeduction, Ranking, RankingRun
from bureau.assessment.scoring import compute_ranking, save_town_results, town_result
from bureau.assessment.tasks import compute_ranking_split_task
from bureau.quarters import Quarter
from grids.models import GridCell
from inspections.accidents.models import Accident
from tests.factories import make_enterprise, make_hazard

Q3 = Quarter(2026, 3)


def table(ranking):
    return [
        (
            row.town_id,
            row.score,
            row.pre_deduction,
            row.total,
            row.rank,
            [(s.indicator_id, s.value, s.points, s.inputs) for s in row.scores.all()],
        )
        for row in ranking.rows.order_by("town__code").prefetch_related("scores")
    ]


def some_records(world, staff):
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        found_on=date(2026, 7, 2),
        rectification_deadline=date(2026, 7, 12),
    )
    other = make_enterprise(grid_cell=world.village_b)
    Accident.objects.create(
        date=date(2026, 8, 1), enterprise=other, deaths=0, injuries=1, summary="x", recorded_by=staff
    )
    PreDeduction.objects.create(town=world.town2, year=2026, quarter=3, points=Decimal(3), reason="x", created_by=staff)


def test_town_results_joined_equal_the_single_computation(world, staff):
    some_records(world, staff)
    single = table(compute_ranking(Q3))
    Ranking.objects.all().delete()

    towns = GridCell.objects.towns().values_list("pk", flat=True)
    joined = table(save_town_results(Q3, [town_result(Q3, pk) for pk in towns]))

    assert joined == single
    assert {row[2] for row in joined} == {Decimal(0), Decimal(3)}


@pytest.mark.worker
def test_the_chord_on_a_real_worker_gives_the_same_ranking(celery_worker, world, staff):
    some_records(world, staff)
    single = table(compute_ranking(Q3))
    run = RankingRun.objects.create(year=2026, quarter=3)

    compute_ranking_split_task.delay(run.pk)
    for _ in range(600):  # the run is the result: wait (up to a minute) for the chord's callback to mark it
        run.refresh_from_db()
        if run.status in (RankingRun.Status.DONE, RankingRun.Status.FAILED):
            break
        time.sleep(0.1)

    assert run.status == RankingRun.Status.DONE, run.message
    assert table(Ranking.objects.get(year=2026, quarter=3)) == single
