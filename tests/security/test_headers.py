"""Response headers, CSRF, and the session: how the portal protects a signed-in user's browser."""

import json
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.bureau.test_settings import run_manage

PASSWORD = "Test-pass-2026"


@pytest.mark.parametrize("path", ["/accounts/login/", "/"])
def test_every_page_has_a_strict_content_security_policy(client, staff, path):
    client.force_login(staff)

    policy = client.get(path)["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert directives["base-uri"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_pages_cannot_be_framed_or_sniffed(client, db):
    response = client.get(reverse("login"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_post_without_the_csrf_token_is_refused(staff):
    browser = Client(enforce_csrf_checks=True)

    signed_out = browser.post(reverse("login"), {"username": "staff1", "password": PASSWORD})
    assert signed_out.status_code == 403
    assert "_auth_user_id" not in browser.session

    browser.force_login(staff)
    signed_in = browser.post(reverse("notifications:mark_all_read"))
    assert signed_in.status_code == 403


def test_a_post_with_the_csrf_token_is_accepted(staff):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("login"))

    response = browser.post(
        reverse("login"),
        {"username": "staff1", "password": PASSWORD, "csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
    )

    assert response.status_code == 302


def test_the_session_cookie_ends_with_the_browser_and_is_kept_from_scripts(client, staff):
    response = client.post(reverse("login"), {"username": "staff1", "password": PASSWORD})

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_ends_after_thirty_idle_minutes(client, staff):
    start = timezone.now()
    client.post(reverse("login"), {"username": "staff1", "password": PASSWORD})

    with time_machine.travel(start + timedelta(minutes=25)):
        assert client.get(reverse("home")).status_code == 200  # activity keeps the session alive ...
    with time_machine.travel(start + timedelta(minutes=50)):
        assert client.get(reverse("home")).status_code == 200  # ... 25 minutes after the last request
    with time_machine.travel(start + timedelta(minutes=81)):
        response = client.get(reverse("home"))  # 31 idle minutes
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_session_ends_twelve_hours_after_sign_in_however_active(client, staff):
    start = timezone.now()
    with time_machine.travel(start):
        client.post(reverse("login"), {"username": "staff1", "password": PASSWORD})
    for minutes in range(20, 12 * 60, 20):  # a request every 20 minutes: never idle for 30
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(reverse("home")).status_code == 200

    with time_machine.travel(start + timedelta(hours=12, minutes=5)):
        response = client.get(reverse("enterprises:list"), follow=True)

    assert response.redirect_chain[0][0] == reverse("login") + "?next=" + reverse("enterprises:list")
    assert "_auth_user_id" not in client.session
    assert "您已登录超过 12 小时，为保护账号安全，请重新登录。" in response.content.decode()


def test_a_session_lifetime_set_in_the_environment_applies(client, staff, settings):
    settings.SESSION_ABSOLUTE_SECONDS = 90 * 60
    start = timezone.now()
    with time_machine.travel(start):
        client.force_login(staff)
    for minutes in (20, 40, 60, 80):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(reverse("home")).status_code == 200

    with time_machine.travel(start + timedelta(minutes=95)):
        response = client.get(reverse("home"), follow=True)

    assert "_auth_user_id" not in client.session
    assert "您已登录超过 90 分钟" in response.content.decode()


def test_a_signed_in_session_without_its_sign_in_time_is_ended(client, staff):
    client.force_login(staff)
    session = client.session
    del session["signed_in_at"]
    session.save()

    response = client.get(reverse("home"))

    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("value", ["0", "-5", "twelve"])
def test_a_bad_session_lifetime_stops_the_portal(value):
    result = run_manage("check", DEBUG="1", SESSION_ABSOLUTE_SECONDS=value)

    assert result.returncode != 0 and "SESSION_ABSOLUTE_SECONDS" in result.stderr


@pytest.mark.parametrize(
    "name", ["home", "enterprises:list", "enterprises:export_csv", "enterprises:export_xlsx", "password_change"]
)
def test_signed_in_pages_and_exports_are_never_stored(client, staff, name):
    client.force_login(staff)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_view_that_allows_caching_is_overruled_for_a_signed_in_user(rf, staff):
    from django.http import HttpResponse

    from bureau.middleware import NoStoreForSignedInMiddleware

    def view(request):
        response = HttpResponse("photo")
        response["Cache-Control"] = "private, max-age=3600"
        return response

    request = rf.get("/hazards/photos/1/")
    request.user = staff
    cache_control = NoStoreForSignedInMiddleware(view)(request)["Cache-Control"]

    assert "no-store" in cache_control and "max-age=0" in cache_control and "max-age=3600" not in cache_control


def test_static_files_keep_their_own_caching_for_a_signed_in_user(client, staff):
    # (The sign-in page is never_cache already: Django's LoginView.)
    client.force_login(staff)
    static = client.get("/static/css/portal.css")
    assert static.status_code == 200 and "no-store" not in static.get("Cache-Control", "")


def test_production_cookies_are_secure_http_only_and_same_site():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in ["
        "'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE',"
        "'CSRF_COOKIE_SAMESITE', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'X_FRAME_OPTIONS']}))"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        DEBUG="0",
        SECRET_KEY="k7Qx-production-like-secret-9a8b7c6d5e4f3a2b1c0d-ZZqq-long-enough",
        ALLOWED_HOSTS="anjian.example.gov.cn",
    )
    assert result.returncode == 0, result.stderr

    production = json.loads(result.stdout.strip().splitlines()[-1])
    assert production == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_SAMESITE": "Lax",
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "X_FRAME_OPTIONS": "DENY",
    }
