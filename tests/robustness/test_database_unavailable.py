"""A database that cannot be reached is a 503 page in Chinese, rendered without touching the database.

The real thing (a PostgreSQL stopped under a running gunicorn) is in tests/faults/test_database_restart.py."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError

from bureau.errors import database_unavailable

pytestmark = pytest.mark.django_db


def refuse(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


@pytest.fixture
def signed_in(client, staff):
    client.force_login(staff)
    client.raise_request_exception = False  # answer as in production instead of re-raising in the test
    return client


def test_an_unreachable_database_in_a_view_is_a_503_page(signed_in, monkeypatch):
    monkeypatch.setattr("hazards.permissions.visible_hazards", refuse)

    response = signed_in.get("/hazards/")

    assert response.status_code == 503
    assert "系统暂时不可用" in response.content.decode()
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"


def test_an_unreachable_database_while_looking_up_the_session_is_a_503_too(signed_in, monkeypatch):
    """The session and user lookups happen in middleware, before any view: the same page."""
    monkeypatch.setattr(SessionStore, "load", lambda self: refuse())

    response = signed_in.get("/hazards/")

    assert response.status_code == 503
    assert "数据库正在维护或重启" in response.content.decode()


def test_a_closed_connection_is_a_503(signed_in, monkeypatch):
    def closed(*args, **kwargs):
        raise InterfaceError("connection already closed")

    monkeypatch.setattr("hazards.permissions.visible_hazards", closed)

    assert signed_in.get("/hazards/").status_code == 503


def test_any_other_error_is_still_the_500_page(signed_in, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("hazards.permissions.visible_hazards", broken)

    response = signed_in.get("/hazards/")

    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_the_page_needs_no_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = database_unavailable()

    assert response.status_code == 503
