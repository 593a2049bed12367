"""PostgreSQL restarted while the portal is in use: a 503 page in Chinese meanwhile, /healthz 503, and afterwards the
portal works again without restarting it (its persistent connections are replaced)."""

import json
import uuid

import pytest

from tests.faults.conftest import browser, report_hazard

pytestmark = pytest.mark.faults

WORKERS = 2


def test_requests_during_a_restart_get_a_503_and_the_portal_recovers_by_itself(stack):
    base_url = stack.start_gunicorn(workers=WORKERS)
    client = browser(base_url)
    client.sign_in("ent_a")
    # Every gunicorn worker now holds a persistent connection (DB_CONN_MAX_AGE=60) to the server about to stop.
    assert all(client.get("/hazards/").status == 200 for _ in range(3 * WORKERS))
    form_page = client.get("/hazards/new/")
    hazards_before = stack.sql("SELECT COUNT(*) FROM hazards_hazard")[0][0]

    stack.postgres.stop()
    try:
        pages = [client.get("/hazards/") for _ in range(2 * WORKERS)]
        report = report_hazard(client, f"停库期间上报 {uuid.uuid4().hex[:8]}", form_page=form_page)
        # As the proxy and monitoring ask it: no cookies. (A signed-in browser gets the 503 page: the session lookup
        # in the middleware fails before the view.)
        health = browser(base_url).get("/healthz")
        health_signed_in = client.get("/healthz")
    finally:
        stack.postgres.start()

    for page in pages:
        assert page.status == 503, page.text[:300]
        assert "系统暂时不可用" in page.text
        assert page.header("Retry-After") == "30"
    assert report.status == 503, report.text[:300]
    assert "本次操作未保存" in report.text
    assert health.status == 503
    assert json.loads(health.body)["checks"]["database"]["ok"] is False
    assert health_signed_in.status == 503
    assert stack.sql("SELECT COUNT(*) FROM hazards_hazard")[0][0] == hazards_before

    # Back up: a kept connection that died is checked and replaced at the start of the next request
    # (CONN_HEALTH_CHECKS), so every request is served.
    statuses = [client.get("/hazards/").status for _ in range(4 * WORKERS)]
    assert statuses == [200] * (4 * WORKERS), statuses
    assert client.get("/healthz").status == 200
    # Still signed in (the session outlived the restart), and writes work again.
    description = f"恢复后上报 {uuid.uuid4().hex[:8]}"
    response = report_hazard(client, description)
    assert response.status == 302 and "/hazards/" in response.header("Location")
    assert stack.sql("SELECT COUNT(*) FROM hazards_hazard WHERE description = %s", [description])[0][0] == 1
