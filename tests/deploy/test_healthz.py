from unittest import mock

import pytest
from django.db import OperationalError

from bureau.dashboard import health


class BrokenConnection:
    """A database connection whose server has gone away."""

    def cursor(self):
        raise OperationalError('connection to server at "127.0.0.1", port 1 failed: Connection refused')


def test_it_answers_503_with_json_when_the_database_is_unreachable(client, db):
    broken = mock.patch.object(health, "connection", BrokenConnection())
    with broken, mock.patch.object(health, "_workers", return_value=1):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["ok"] is False
    assert body["checks"]["database"]["ok"] is False
    assert "OperationalError" in body["checks"]["database"]["detail"]
    assert "no-cache" in response["Cache-Control"]


def test_it_answers_503_when_redis_is_unreachable(client, db, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1

    with mock.patch.object(health, "_workers", return_value=1):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_a_missing_worker_is_reported_but_the_web_tier_stays_up(client, db, settings):
    if not settings.REDIS_URL:
        pytest.skip("no REDIS_URL: tasks run in-process, there are no workers to miss")

    with mock.patch.object(health, "_workers", side_effect=RuntimeError("no worker answered")):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["workers"] == {
        "ok": False,
        "required": False,
        "detail": "RuntimeError: no worker answered",
    }


def test_it_needs_no_sign_in(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["database"]["ok"] is True


def test_it_is_exempt_from_the_https_redirect_that_every_page_gets(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    with mock.patch.object(health, "_workers", return_value=1):  # the real ask: test_it_needs_no_sign_in
        assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301
