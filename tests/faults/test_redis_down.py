"""Redis stopped while the portal runs: reporting a hazard still saves it (nothing on that path needs Redis), a
ranking says clearly that it cannot start now and leaves the published one as it was, /healthz says 503; once
Redis is back, a ranking is queued again.

The only tasks the portal queues from a request are rankings (grep: `.delay(` / `apply_async` in the code); the
deadline notices and the quarterly ranking are queued by beat, and notifications are rows in the database."""

import json
import uuid

import pytest

from tests.faults.conftest import browser, post_button, report_hazard

pytestmark = pytest.mark.faults


def latest_ranking(stack):
    year, quarter, computed_at = stack.sql(
        "SELECT year, quarter, computed_at FROM assessment_ranking ORDER BY year DESC, quarter DESC LIMIT 1"
    )[0]
    return f"{year}Q{quarter}", (year, quarter, computed_at)


def ranking_rows(stack, year, quarter):
    return stack.sql(
        "SELECT r.town_id, r.total, r.rank, g.computed_at FROM assessment_rankingrow r "
        "JOIN assessment_ranking g ON g.id = r.ranking_id WHERE g.year = %s AND g.quarter = %s ORDER BY r.town_id",
        [year, quarter],
    )


def start_ranking(client, slug):
    return post_button(client, f"/rankings/{slug}/", f"/rankings/{slug}/compute/")


def test_with_redis_down_reports_are_saved_and_a_ranking_says_it_cannot_start(stack):
    base_url = stack.start_gunicorn()
    enterprise, staff = browser(base_url), browser(base_url)
    enterprise.sign_in("ent_a")
    staff.sign_in("staff")
    slug, (year, quarter, _) = latest_ranking(stack)
    rows_before = ranking_rows(stack, year, quarter)
    assert rows_before

    stack.redis.stop()

    description = f"Redis 停止时上报 {uuid.uuid4().hex[:8]}"
    response = report_hazard(enterprise, description)  # the client gives up after 30 s: a hang fails here
    assert response.status == 302, response.text[:500]
    hazard_id = int(response.header("Location").rstrip("/").split("/")[-1])
    assert stack.sql("SELECT description FROM hazards_hazard WHERE id = %s", [hazard_id]) == [(description,)]
    assert stack.sql("SELECT COUNT(*) FROM hazards_hazardphoto WHERE hazard_id = %s", [hazard_id]) == [(1,)]
    assert enterprise.get(f"/hazards/{hazard_id}/").status == 200

    page = start_ranking(staff, slug)
    assert page.status == 200
    assert "任务队列暂时不可用，排名未能开始计算，请稍后再试。现有排名保持不变。" in page.text
    status, message = stack.sql("SELECT status, message FROM assessment_rankingrun ORDER BY id DESC LIMIT 1")[0]
    assert status == "failed" and "任务队列暂时不可用" in message
    assert ranking_rows(stack, year, quarter) == rows_before

    health = browser(base_url).get("/healthz")
    assert health.status == 503
    assert json.loads(health.body)["checks"]["redis"]["ok"] is False

    stack.redis.start()  # the same port: the portal's broker URL is unchanged

    assert browser(base_url).get("/healthz").status == 200
    page = start_ranking(staff, slug)
    assert "已开始计算" in page.text, page.text[:1000]
    status, task_id = stack.sql("SELECT status, task_id FROM assessment_rankingrun ORDER BY id DESC LIMIT 1")[0]
    assert status == "queued" and task_id
    assert stack.redis.client().llen("celery") == 1  # waiting for a worker, not lost
