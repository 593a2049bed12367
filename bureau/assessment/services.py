"""Writes of the assessment: asking for a ranking, pre-deductions and their restoration, bulletins (accidents
and their follow-ups are recorded by inspections.accidents.services)."""

import logging

from celery import current_app
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bureau import numbering
from bureau.assessment.bulletins import lock_quarter, quarter_bulletins
from bureau.assessment.models import Bulletin, BulletinSequence, PreDeduction, RankingRun, Restoration
from bureau.assessment.permissions import can_manage_assessment
from bureau.assessment.scoring import compute_ranking, save_town_results
from bureau.once import AlreadyDone
from bureau.roles import require

logger = logging.getLogger(__name__)


# Tasks are found by name: tasks.py calls these services, so importing it here would make a cycle.
RANKING_TASK = "bureau.assessment.tasks.compute_ranking_task"
RANKING_SPLIT_TASK = "bureau.assessment.tasks.compute_ranking_split_task"


def ranking_request(*, quarter, actor=None):
    """Queue the computation of a quarter; returns the run the page follows.

    Enqueued after commit; when the broker cannot be reached the run is marked failed with a message that says
    so, and nothing else changes (the published ranking stays as it was)."""
    if actor is not None:
        require(can_manage_assessment(actor), "计算季度排名")
    if not quarter.supported:
        raise ValidationError(f"不能计算{quarter.label}的排名：年份超出系统支持的范围。")
    if quarter.end >= timezone.localdate():
        raise ValidationError(f"{quarter.label}尚未结束，不能计算排名。")
    if RankingRun.objects.active().filter(year=quarter.year, quarter=quarter.number).exists():
        raise ValidationError(f"{quarter.label}的排名正在计算中，请稍候。")
    run = RankingRun.objects.create(year=quarter.year, quarter=quarter.number, requested_by=actor)
    transaction.on_commit(lambda: _enqueue(run))
    return run


def _enqueue(run):
    # current_app.tasks holds the task itself, so it runs in-process when there is no broker (eager mode).
    task = current_app.tasks[RANKING_SPLIT_TASK if settings.RANKING_SPLIT_BY_TOWN else RANKING_TASK]
    try:
        result = task.delay(run.pk)
    except Exception as exc:  # the broker is down: say so on the run, the old ranking stays
        logger.warning("could not enqueue ranking run %s: %s", run.pk, exc)
        run.mark_not_enqueued()
    else:
        run.mark_enqueued(result.id)


def ranking_run_compute(*, run):
    """Compute the quarter of a run, reporting progress on it; a failure is told on the run and raised again, and
    leaves the old ranking in place."""
    run.mark_running()
    try:
        ranking = compute_ranking(run.quarter_obj, progress=run.report_progress)
    except Exception as exc:
        run.mark_failed(exc)
        raise
    run.mark_done()
    return ranking


def ranking_run_join(*, run, results):
    """Store the towns' results of a run split by town as the quarter's ranking (the chord's callback)."""
    ranking = save_town_results(run.quarter_obj, results)
    run.mark_done()
    return ranking


@transaction.atomic
def pre_deduction_create(*, town, quarter, points, reason, actor):
    require(can_manage_assessment(actor), "预扣分")
    deduction = PreDeduction(
        town=town, year=quarter.year, quarter=quarter.number, points=points, reason=reason.strip(), created_by=actor
    )
    if points is None or points <= 0:
        raise ValidationError({"points": "预扣分值须大于 0。"})
    deduction.full_clean()
    deduction.save()
    return deduction


@transaction.atomic
def restoration_approve(*, pre_deduction, points, evidence, actor, approved_on=None):
    """Give back points of a pre-deduction for a shortfall mended, with the evidence; never more than deducted."""
    require(can_manage_assessment(actor), "批准恢复预扣分")
    pre_deduction = PreDeduction.objects.select_for_update().get(pk=pre_deduction.pk)
    if points is None or points <= 0:
        raise ValidationError({"points": "恢复分值须大于 0。"})
    if points > pre_deduction.outstanding:
        raise ValidationError({"points": f"恢复分值不能超过尚未恢复的 {pre_deduction.outstanding} 分。"})
    if not evidence.strip():
        raise ValidationError({"evidence": "请填写整改佐证。"})
    restoration = Restoration(
        pre_deduction=pre_deduction,
        points=points,
        evidence=evidence.strip(),
        approved_by=actor,
        approved_on=approved_on or timezone.localdate(),
    )
    restoration.full_clean()
    restoration.save()
    return restoration


@transaction.atomic
def bulletin_publish(*, bulletin, actor):
    """Publish a draft: it takes the next number of the year and becomes visible to every bureau and town user.

    A quarter has one bulletin in force: a plain draft is refused once the quarter's bulletin is published, and a
    correction only supersedes the bulletin in force (which it then shows as 已被更正)."""
    require(can_manage_assessment(actor), "发布通报")
    lock_quarter(bulletin.ranking)
    bulletin = Bulletin.objects.select_for_update().select_related("ranking").get(pk=bulletin.pk)
    if bulletin.status == Bulletin.Status.PUBLISHED:
        raise AlreadyDone("该通报已发布。")
    current, _ = quarter_bulletins(bulletin.ranking)
    label = bulletin.ranking.quarter_obj.label
    if current is not None and bulletin.corrects_id != current.pk:
        raise ValidationError(
            f"{label}的现行通报是{current.number}，该草稿不能发布；如需更正，请对现行通报起草更正通报。"
        )
    year = timezone.localdate().year
    bulletin.number = numbering.format_number(
        settings.BULLETIN_NUMBER_PREFIX, year, numbering.take_next(BulletinSequence, year=year)
    )
    bulletin.status = Bulletin.Status.PUBLISHED
    bulletin.published_by = actor
    bulletin.published_at = timezone.now()
    bulletin.save()
    return bulletin
