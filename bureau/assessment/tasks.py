"""Thin tasks: they take ids and call the scoring service."""

from celery import shared_task
from django.utils import timezone

from bureau.assessment.models import RankingRun
from bureau.assessment.quarters import Quarter
from bureau.assessment.scoring import compute_ranking


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

    quarter = Quarter.containing(timezone.localdate()).previous()
    run = ranking_request(quarter=quarter)
    return run.pk
