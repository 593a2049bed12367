"""Reads on a replica (bureau/db_router.py), without a real replica: the `replica` alias is added for these tests only
as a TEST MIRROR of default (tests/bureau/conftest.py). Which connection ran a query tells where the router sent it."""

from types import SimpleNamespace

import pytest
from django.core import signing
from django.db import connections, router, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bureau.db_router import PIN_COOKIE, REPLICA, ReadYourWritesMiddleware, ReplicaRouter, replica_reads
from bureau.roles import Role
from enterprises.models import Enterprise
from grids.models import GridCell
from tests.factories import make_cell, make_enterprise, make_user
from tests.replica import PIN_SECONDS

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
    pytest.mark.usefixtures("replica_alias"),
]


def where(queryset):
    """The alias that ran `queryset`: the replica's connection or the primary's."""
    with CaptureQueriesContext(connections[REPLICA]) as on_replica, CaptureQueriesContext(connections["default"]):
        list(queryset)
    return REPLICA if on_replica.captured_queries else "default"


# ------------------------------------------------------------------------------------------- the router's rules


def test_reads_go_to_the_replica_where_allowed(replica):
    make_cell(code="330381", name="瑞安市")

    with replica_reads():
        assert router.db_for_read(GridCell) == REPLICA
        assert where(GridCell.objects.all()) == REPLICA
        assert GridCell.objects.get(code="330381").name == "瑞安市"  # the mirror sees the primary's rows


def test_outside_a_request_reads_stay_on_the_primary(replica):
    # Celery tasks, commands, the shell: they read what was just committed.
    assert router.db_for_read(GridCell) == "default"
    assert where(GridCell.objects.all()) == "default"


def test_reads_inside_a_transaction_go_to_the_primary(replica):
    with replica_reads():
        with transaction.atomic():
            assert router.db_for_read(GridCell) == "default"
            assert where(GridCell.objects.all()) == "default"
        assert router.db_for_read(GridCell) == REPLICA


def test_writes_go_to_the_primary(replica):
    with replica_reads():
        assert router.db_for_write(GridCell) == "default"
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            cell = make_cell(code="330381", name="瑞安市")
            GridCell.objects.filter(pk=cell.pk).update(name="瑞安")
            cell.delete()
    # full_clean()'s uniqueness check is a read outside a transaction: the replica may answer it.
    statements = [query["sql"].split()[0] for query in on_replica.captured_queries]
    assert set(statements) <= {"SELECT"}, statements


def test_an_object_read_on_the_replica_is_saved_on_the_primary(replica):
    make_cell(code="330381", name="瑞安市")

    with replica_reads():
        cell = GridCell.objects.get(code="330381")
        assert cell._state.db == REPLICA
        cell.name = "瑞安"
        with CaptureQueriesContext(connections[REPLICA]) as on_replica:
            cell.save()
    assert on_replica.captured_queries == []
    assert GridCell.objects.get(code="330381").name == "瑞安"


def test_sessions_and_lockouts_are_read_on_the_primary(replica):
    from axes.models import AccessAttempt
    from django.contrib.sessions.models import Session

    with replica_reads():
        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(AccessAttempt) == "default"


def test_migrations_run_on_the_primary_only():
    rules = ReplicaRouter()

    assert rules.allow_migrate("default", "enterprises") is True
    assert rules.allow_migrate(REPLICA, "enterprises") is False
    assert rules.allow_migrate(REPLICA, "contenttypes", model_name="contenttype") is False


# --------------------------------------------------------------------------------- the middleware: read-your-writes


def run(request, view):
    """The view behind the middleware; returns (response, where its read went)."""
    seen = {}

    def wrapped(request):
        response = view(request)
        seen["read"] = where(GridCell.objects.all())
        return response

    return ReadYourWritesMiddleware(wrapped)(request), seen["read"]


def just_read(request):
    return HttpResponse("ok")


def write(request):
    make_cell(code=f"9{GridCell.objects.count():05d}", name="新网格")
    return HttpResponse("ok")


def refused_write(request):
    try:
        with transaction.atomic():
            make_cell(code="999999", name="被拒的网格")
            raise ValueError("validation failed")
    except ValueError:
        return HttpResponse("form with errors")


def carrying(response):
    """A next request from the same browser (with the cookies the response set)."""
    request = RequestFactory().get("/")
    request.COOKIES = {name: morsel.value for name, morsel in response.cookies.items()}
    return request


def test_a_page_reads_from_the_replica(replica):
    response, read = run(RequestFactory().get("/enterprises/"), just_read)

    assert read == REPLICA
    assert PIN_COOKIE not in response.cookies


def test_a_post_reads_from_the_primary(replica):
    _, read = run(RequestFactory().post("/enterprises/"), just_read)

    assert read == "default"


def test_after_a_write_the_browser_reads_the_primary_for_a_few_seconds_then_the_replica(replica, monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: now))

    response, _ = run(RequestFactory().post("/grids/"), write)
    assert response.cookies[PIN_COOKIE]["max-age"] == PIN_SECONDS

    _, read = run(carrying(response), just_read)
    assert read == "default"

    now += PIN_SECONDS - 1
    _, read = run(carrying(response), just_read)
    assert read == "default"

    now += 2  # past REPLICA_PIN_SECONDS: even a browser that kept the cookie reads the replica again
    _, read = run(carrying(response), just_read)
    assert read == REPLICA


def test_a_write_in_a_get_pins_too(replica):
    response, _ = run(RequestFactory().get("/"), write)

    assert PIN_COOKIE in response.cookies


def test_a_refused_write_does_not_pin(replica):
    response, read = run(RequestFactory().post("/grids/"), refused_write)

    assert PIN_COOKIE not in response.cookies
    assert read == "default"
    assert not GridCell.objects.filter(code="999999").exists()


def test_a_streamed_body_is_read_from_the_replica_too(replica):
    make_cell(code="330381", name="瑞安市")
    seen = []

    def rows():
        seen.append(where(GridCell.objects.all()))
        yield "瑞安市\n"

    response = ReadYourWritesMiddleware(lambda request: StreamingHttpResponse(rows()))(RequestFactory().get("/"))
    body = b"".join(response.streaming_content)

    assert body.decode() == "瑞安市\n"
    assert seen == [REPLICA]
    assert router.db_for_read(GridCell) == "default"  # and only while it streams


def test_a_forged_pin_is_ignored(replica):
    request = RequestFactory().get("/")
    request.COOKIES = {PIN_COOKIE: "1"}

    _, read = run(request, just_read)

    assert read == REPLICA


# ---------------------------------------------------------------------------------------- through the whole stack


def test_the_registry_list_is_read_from_the_replica_and_the_session_from_the_primary(replica, client, settings):
    settings.REGISTRY_LIST_CACHE = False
    make_enterprise(grid_cell=make_cell(), name="瑞安市东山阀门有限公司")
    client.force_login(make_user(Role.STAFF))

    with CaptureQueriesContext(replica) as on_replica, CaptureQueriesContext(connections["default"]) as on_primary:
        page = client.get("/enterprises/")

    assert page.status_code == 200
    assert "瑞安市东山阀门有限公司" in page.content.decode()
    on_replica_sql = " ".join(query["sql"] for query in on_replica.captured_queries)
    on_primary_sql = " ".join(query["sql"] for query in on_primary.captured_queries)
    assert Enterprise._meta.db_table in on_replica_sql
    assert "django_session" in on_primary_sql
    assert Enterprise._meta.db_table not in on_primary_sql


def test_signing_in_pins_the_browser_to_the_primary(replica, client, settings):
    settings.REGISTRY_LIST_CACHE = False
    make_user(Role.STAFF, username="staff_r", password="Test-pass-2026")

    signed_in = client.post("/accounts/login/", {"username": "staff_r", "password": "Test-pass-2026"})
    assert signed_in.status_code == 302
    assert PIN_COOKIE in signed_in.cookies  # last_login was written

    with CaptureQueriesContext(replica) as on_replica:
        assert client.get("/enterprises/").status_code == 200
    assert on_replica.captured_queries == []
