"""A Celery worker killed (SIGKILL) in the middle of a ranking: the published ranking stays as it was and on show;
once the stuck run is older than RankingRun.STALE_AFTER, a rerun on a new worker completes with the new figures.

The ranking is slowed by tests/faults/slow_worker.py (a real worker whose scoring waits between indicators), so
that the kill lands while it computes; nothing in the portal's code is changed for the test."""

import signal
import sys
import uuid

import pytest

from tests.faults.conftest import BIN, browser, csrf_token, post_button, stop_process, wait_until

pytestmark = pytest.mark.faults


def ranking_snapshot(stack, year, quarter):
    return stack.sql(
        "SELECT g.id, g.computed_at, r.town_id, r.score, r.pre_deduction, r.total, r.rank FROM assessment_rankingrow r "
        "JOIN assessment_ranking g ON g.id = r.ranking_id WHERE g.year = %s AND g.quarter = %s ORDER BY r.town_id",
        [year, quarter],
    )


def latest_run(stack):
    return stack.sql("SELECT id, status, progress, message FROM assessment_rankingrun ORDER BY id DESC LIMIT 1")[0]


def start_worker(stack, name, *, delay):
    argv = [sys.executable, "-m", "tests.faults.slow_worker", "--pool", "solo", "--loglevel", "INFO"]
    argv += ["--hostname", f"{name}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    return stack.start(name, argv, env=stack.env(RANKING_TEST_DELAY=str(delay)))


def test_a_worker_killed_mid_ranking_leaves_the_old_ranking_and_a_rerun_completes(stack):
    assert (BIN / "celery").exists()
    base_url = stack.start_gunicorn()
    staff = browser(base_url)
    staff.sign_in("staff")
    year, quarter = stack.sql("SELECT year, quarter FROM assessment_ranking ORDER BY year DESC, quarter DESC")[0]
    slug = f"{year}Q{quarter}"
    before = ranking_snapshot(stack, year, quarter)
    assert before

    worker = start_worker(stack, "slow", delay=2)
    page = post_button(staff, f"/rankings/{slug}/", f"/rankings/{slug}/compute/")
    assert "已开始计算" in page.text
    run_id = latest_run(stack)[0]
    wait_until("the worker is computing", lambda: latest_run(stack)[1:3] >= ("running", 20), timeout=60)

    worker.send_signal(signal.SIGKILL)  # the worker process itself (pool solo): no warm shutdown, no ack
    worker.wait(timeout=10)
    stop_process(worker)

    assert latest_run(stack)[:2] == (run_id, "running")  # nobody is left to say otherwise
    assert ranking_snapshot(stack, year, quarter) == before
    page = staff.get(f"/rankings/{slug}/")
    assert page.status == 200 and "仙降街道" in page.text  # the old table is still on show
    refused = post_button(staff, f"/rankings/{slug}/", f"/rankings/{slug}/compute/")
    assert "正在计算中" in refused.text  # within STALE_AFTER the stuck run still counts as running

    # An hour later (STALE_AFTER) the stuck run no longer blocks the quarter. Meanwhile an accident was recorded.
    stack.sql("UPDATE assessment_rankingrun SET requested_at = now() - interval '2 hours' WHERE id = %s", [run_id])
    town_id, credit_code = stack.sql(
        "SELECT town_id, credit_code FROM enterprises_enterprise WHERE town_id IS NOT NULL ORDER BY id LIMIT 1"
    )[0]
    form = staff.get("/accidents/new/")
    accident = staff.post_form(
        "/accidents/new/",
        {
            "csrfmiddlewaretoken": csrf_token(form.text),
            "credit_code": credit_code,
            "occurred_at": f"{year}-{3 * quarter - 1:02d}-10T09:00",
            "kind": "machinery",
            "deaths": "1",
            "serious_injuries": "0",
            "injuries": "0",
            "direct_loss": "0",
            "summary": f"机械伤害 {uuid.uuid4().hex[:6]}",
        },
        referer="/accidents/new/",
    )
    assert "已登记" in accident.text, accident.text[:500]

    start_worker(stack, "fresh", delay=0)
    page = post_button(staff, f"/rankings/{slug}/", f"/rankings/{slug}/compute/")
    assert "已开始计算" in page.text
    wait_until("the rerun is done", lambda: latest_run(stack)[1] in ("done", "failed"), timeout=90, interval=0.3)
    assert latest_run(stack)[1:3] == ("done", 100), latest_run(stack)

    after = ranking_snapshot(stack, year, quarter)
    assert len(after) == len(before)
    assert after[0][1] > before[0][1]  # computed again
    old_totals = {row[2]: row[5] for row in before}
    new_totals = {row[2]: row[5] for row in after}
    assert new_totals[town_id] < old_totals[town_id]  # the accident counts
    assert {t: v for t, v in new_totals.items() if t != town_id} == {
        t: v for t, v in old_totals.items() if t != town_id
    }
    # The stuck run stays as history: it is simply no longer waited for.
    assert stack.sql("SELECT status FROM assessment_rankingrun WHERE id = %s", [run_id]) == [("running",)]
