import logging
import re

import pytest
from django.http import HttpResponse

from bureau.logs import NONE, request_id_var
from bureau.middleware import RequestIdMiddleware

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture(autouse=True)
def _no_worker_ping(monkeypatch):
    """/healthz (a page anyone may open) would wait 0.5 s for a Celery worker none of these tests runs."""
    from bureau.dashboard import health

    monkeypatch.setattr(health, "_workers", lambda: 1)


def test_it_echoes_a_sane_id_from_the_proxy(client, db):
    response = client.get("/healthz", headers={"X-Request-ID": "3f2a9c0e-77b1-4d2e-9a4f-0c1d2e3f4a5b"})

    assert response["X-Request-ID"] == "3f2a9c0e-77b1-4d2e-9a4f-0c1d2e3f4a5b"


@pytest.mark.parametrize(
    "hostile",
    ["x" * 65, "abc def", 'abc"def', "abc_def", "abc\tdef", "<script>", "id=1;drop", "\u4e2d\u6587", ""],
)
def test_it_replaces_an_id_that_is_not_a_plain_token(client, db, hostile):
    response = client.get("/healthz", headers={"X-Request-ID": hostile})

    assert GENERATED.fullmatch(response["X-Request-ID"])
    assert response["X-Request-ID"] != hostile


def test_every_response_carries_an_id_even_a_redirect(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True

    to_https = client.get("/accounts/login/")
    to_login = client.get("/hazards/", secure=True)

    assert to_https.status_code == 301 and GENERATED.fullmatch(to_https["X-Request-ID"])
    assert to_login.status_code == 302 and GENERATED.fullmatch(to_login["X-Request-ID"])
    assert to_https["X-Request-ID"] != to_login["X-Request-ID"]


# db: closing the response sends request_finished, which checks the database connection a test before may have
# left open; without db that check is refused, depending on which tests ran first.
def test_log_records_inside_a_request_carry_its_id_and_outside_a_dash(rf, db, log_records):
    collected = log_records("tests.deploy")

    def view(request):
        logging.getLogger("tests.deploy").info("inside")
        return HttpResponse()

    response = RequestIdMiddleware(view)(rf.get("/", headers={"X-Request-ID": "req-42"}))
    response.close()  # the server closes the response when it is sent: the request is over
    logging.getLogger("tests.deploy").info("outside")

    assert response["X-Request-ID"] == "req-42"
    assert [(r.getMessage(), r.request_id) for r in collected] == [("inside", "req-42"), ("outside", NONE)]


def test_the_not_found_line_django_logs_after_the_middleware_carries_the_id(client, staff, log_records):
    # Django logs a 4xx response once every middleware has returned: the id must still be there.
    collected = log_records("django.request")
    client.force_login(staff)

    response = client.get("/no-such-page/", headers={"X-Request-ID": "lost-page-1"})

    assert response.status_code == 404
    assert [(r.getMessage(), r.request_id) for r in collected] == [("Not Found: /no-such-page/", "lost-page-1")]
    assert request_id_var.get() == NONE
