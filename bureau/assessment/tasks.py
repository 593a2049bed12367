"""Thin tasks: they take ids and call the scoring service."""

from celery import chord, shared_task
from django.utils import timezone

from bureau.assessment.models import RankingRun
from bureau.assessment.scoring import compute_ranking, save_town_results, town_result
from bureau.quarters import Quarter
from grids.models import GridCell


# ignore_result: the RankingRun is the result, and nobody waits for the task's own. Asking the result store to watch
# for it made enqueueing with Redis down hang for 20 s of reconnects, then leave the web process's result consumer
# broken ("must be restarted"); without it the enqueue fails at once and ranking_request says so on the run.
@shared_task(acks_late=True, ignore_result=True)
def compute_ranking_task(run_id):
    """Compute the quarter of a run, reporting progress on the run; a failure leaves the old ranking in place."""
    run = RankingRun.objects.get(pk=run_id)
    RankingRun.objects.filter(pk=run.pk).update(status=RankingRun.Status.RUNNING, progress=5)

    def progress(percent):
        RankingRun.objects.filter(pk=run.pk).update(progress=percent)

    try:
        ranking = compute_ranking(Quarter(run.year, run.quarter), progress=progress)
    except Exception as exc:
        RankingRun.objects.filter(pk=run.pk).update(
            status=RankingRun.Status.FAILED, message=str(exc)[:300], finished_at=timezone.now()
        )
        raise
    RankingRun.objects.filter(pk=run.pk).update(status=RankingRun.Status.DONE, progress=100, finished_at=timezone.now())
    return ranking.pk


@shared_task
def compute_previous_quarter():
    """Celery beat, 02:00 on the first day of each quarter: rank the quarter just ended."""
    from bureau.assessment.services import ranking_request

    quarter = Quarter.last_ended(timezone.localdate())
    run = ranking_request(quarter=quarter)
    return run.pk


# Scale-out: the same computation split into one task per town, joined by a chord whose callback stores the
# ranking exactly as compute_ranking does (RANKING_SPLIT_BY_TOWN=1 makes ranking_request use it).


@shared_task(acks_late=True)
def score_town_task(year, quarter, town_id):
    return town_result(Quarter(year, quarter), town_id)


@shared_task(acks_late=True, ignore_result=True)
def save_ranking_task(results, year, quarter, run_id):
    ranking = save_town_results(Quarter(year, quarter), results)
    RankingRun.objects.filter(pk=run_id).update(status=RankingRun.Status.DONE, progress=100, finished_at=timezone.now())
    return ranking.pk


@shared_task(ignore_result=True)
def ranking_run_failed(request, exc, traceback, run_id):
    """The chord's error callback: a town's task failed, so the run failed and the old ranking stays."""
    RankingRun.objects.filter(pk=run_id).update(
        status=RankingRun.Status.FAILED, message=str(exc)[:300], finished_at=timezone.now()
    )


@shared_task(acks_late=True, ignore_result=True)
def compute_ranking_split_task(run_id):
    run = RankingRun.objects.get(pk=run_id)
    town_ids = list(GridCell.objects.towns().order_by("code").values_list("pk", flat=True))
    RankingRun.objects.filter(pk=run.pk).update(status=RankingRun.Status.RUNNING, progress=10)
    header = [score_town_task.s(run.year, run.quarter, town_id) for town_id in town_ids]
    callback = save_ranking_task.s(run.year, run.quarter, run.pk).on_error(ranking_run_failed.s(run_id=run.pk))
    chord(header)(callback)
