"""Thin tasks: they take ids and call the assessment's services."""

from celery import chord, shared_task
from django.utils import timezone

from bureau.assessment.models import RankingRun
from bureau.assessment.scoring import town_result
from bureau.assessment.services import ranking_request, ranking_run_compute, ranking_run_join
from bureau.quarters import Quarter
from grids.models import GridCell


# ignore_result: the RankingRun is the result, and nobody waits for the task's own. Asking the result store to watch
# for it made enqueueing with Redis down hang for 20 s of reconnects, then leave the web process's result consumer
# broken ("must be restarted"); without it the enqueue fails at once and ranking_request says so on the run.
@shared_task(acks_late=True, ignore_result=True)
def compute_ranking_task(run_id):
    """Compute the quarter of a run, reporting progress on the run; a failure leaves the old ranking in place."""
    return ranking_run_compute(run=RankingRun.objects.get(pk=run_id)).pk


@shared_task
def compute_previous_quarter():
    """Celery beat, 02:00 on the first day of each quarter: rank the quarter just ended."""
    return ranking_request(quarter=Quarter.last_ended(timezone.localdate())).pk


# Scale-out: the same computation split into one task per town, joined by a chord whose callback stores the
# ranking exactly as compute_ranking does (RANKING_SPLIT_BY_TOWN=1 makes ranking_request use it).


@shared_task(acks_late=True)
def score_town_task(year, quarter, town_id):
    return town_result(Quarter(year, quarter), town_id)


@shared_task(acks_late=True, ignore_result=True)
def save_ranking_task(results, year, quarter, run_id):
    return ranking_run_join(run=RankingRun.objects.get(pk=run_id), results=results).pk


@shared_task(ignore_result=True)
def ranking_run_failed(request, exc, traceback, run_id):
    """The chord's error callback: a town's task failed, so the run failed and the old ranking stays."""
    RankingRun.objects.get(pk=run_id).mark_failed(exc)


@shared_task(acks_late=True, ignore_result=True)
def compute_ranking_split_task(run_id):
    run = RankingRun.objects.get(pk=run_id)
    town_ids = list(GridCell.objects.towns().order_by("code").values_list("pk", flat=True))
    run.mark_running(progress=10)
    header = [score_town_task.s(run.year, run.quarter, town_id) for town_id in town_ids]
    callback = save_ranking_task.s(run.year, run.quarter, run.pk).on_error(ranking_run_failed.s(run_id=run.pk))
    chord(header)(callback)
