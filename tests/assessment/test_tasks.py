import time
from unittest import mock

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from kombu.exceptions import OperationalError

from bureau.assessment.models import Ranking, RankingRun
from bureau.assessment.services import ranking_request
from bureau.assessment.tasks import compute_previous_quarter, compute_ranking_task
from bureau.quarters import Quarter
from tests.factories import make_cell

Q3 = Quarter(2026, 3)


def two_towns():
    city = make_cell(code="330381", name="瑞安市")
    return make_cell(parent=city, name="仙降街道"), make_cell(parent=city, name="飞云街道")


@pytest.mark.worker
def test_the_ranking_task_runs_on_a_real_worker(celery_worker):
    two_towns()
    run = RankingRun.objects.create(year=2026, quarter=3)

    compute_ranking_task.delay(run.pk)  # its result is not kept: the run is what the page follows

    deadline = time.monotonic() + 60
    while run.status != RankingRun.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
        run.refresh_from_db()
    assert (run.status, run.progress) == (RankingRun.Status.DONE, 100)
    ranking = Ranking.objects.get(year=2026, quarter=3)
    assert (ranking.year, ranking.quarter, ranking.rows.count()) == (2026, 3, 2)


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_a_quarter_is_ranked_only_once_it_has_ended_and_only_by_staff(db, staff, inspector):
    with pytest.raises(ValidationError, match="尚未结束"):
        ranking_request(quarter=Quarter(2026, 4), actor=staff)
    with pytest.raises(PermissionDenied):
        ranking_request(quarter=Q3, actor=inspector)
    assert not RankingRun.objects.exists()


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_with_the_broker_down_the_run_says_it_cannot_start(django_capture_on_commit_callbacks, world, staff):
    broker_down = mock.patch.object(compute_ranking_task, "delay", side_effect=OperationalError("Connection refused"))
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        run = ranking_request(quarter=Q3, actor=staff)

    run.refresh_from_db()
    assert run.status == RankingRun.Status.FAILED
    assert "任务队列暂时不可用" in run.message
    assert not Ranking.objects.exists()


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_a_second_request_while_one_runs_is_refused(world, staff):
    RankingRun.objects.create(year=2026, quarter=3, status=RankingRun.Status.RUNNING)

    with pytest.raises(ValidationError, match="正在计算中"):
        ranking_request(quarter=Q3, actor=staff)


@time_machine.travel("2027-01-01 02:00 +0800", tick=False)
def test_the_beat_task_ranks_the_quarter_just_ended(django_capture_on_commit_callbacks, world):
    with mock.patch.object(compute_ranking_task, "delay") as delay:
        delay.return_value.id = "task-1"
        with django_capture_on_commit_callbacks(execute=True):
            run_id = compute_previous_quarter()

    run = RankingRun.objects.get(pk=run_id)
    assert (run.year, run.quarter) == (2026, 4)
    delay.assert_called_once_with(run.pk)
    assert run.task_id == "task-1"


def test_a_failed_computation_is_reported_on_the_run(world):
    run = RankingRun.objects.create(year=2026, quarter=3)

    failing = mock.patch("bureau.assessment.services.compute_ranking", side_effect=RuntimeError("数据库连接中断"))
    with failing, pytest.raises(RuntimeError):
        compute_ranking_task(run.pk)

    run.refresh_from_db()
    assert (run.status, run.message) == (RankingRun.Status.FAILED, "数据库连接中断")
    assert not Ranking.objects.exists()


@time_machine.travel("2026-11-28 10:00 +0800", tick=False)
def test_a_run_whose_worker_died_does_not_block_the_quarter_forever(django_capture_on_commit_callbacks, world, staff):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    stuck_since = datetime(2026, 11, 28, 8, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    RankingRun.objects.create(year=2026, quarter=3, status=RankingRun.Status.RUNNING, requested_at=stuck_since)
    assert not RankingRun.objects.get().is_active

    with mock.patch.object(compute_ranking_task, "delay") as delay, django_capture_on_commit_callbacks(execute=True):
        delay.return_value.id = "task-2"
        run = ranking_request(quarter=Q3, actor=staff)

    assert run.is_active and RankingRun.objects.count() == 2


def test_a_run_that_already_failed_keeps_its_own_message_when_the_enqueue_fails(db):
    run = RankingRun.objects.create(year=2026, quarter=3)
    RankingRun.objects.get(pk=run.pk).mark_failed(RuntimeError("数据库连接中断"))

    run.mark_not_enqueued()  # `run` is the stale instance the enqueueing code holds

    run.refresh_from_db()
    assert (run.status, run.message) == (RankingRun.Status.FAILED, "数据库连接中断")
