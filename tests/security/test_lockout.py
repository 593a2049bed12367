"""Five failed sign-ins for one username from one address lock that pair out for 30 minutes (django-axes)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

PASSWORD = "Test-pass-2026"
ADDRESS = "192.0.2.10"


def sign_in(client, username, password, address=ADDRESS):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address=ADDRESS):
    return [sign_in(client, username, "not-the-password", address) for _ in range(times)]


def test_the_backends_and_limits_are_as_the_bureau_asked():
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.AXES_FAILURE_LIMIT == 5
    cool_off = settings.AXES_COOLOFF_TIME
    assert cool_off == timedelta(minutes=30)
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_failures_still_let_the_right_password_in(client, staff):
    responses = fail(client, "staff1", 4)

    assert all(r.status_code == 200 and "用户名或密码不正确" in r.content.decode() for r in responses)
    assert sign_in(client, "staff1", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_fifth_failure_locks_out_with_a_chinese_page_that_says_when_to_retry(client, staff):
    with time_machine.travel(datetime(2026, 5, 6, 9, 12, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        *_, fifth = fail(client, "staff1", 5)

    assert fifth.status_code == 429
    body = fifth.content.decode()
    assert "账号已暂时锁定" in body and "连续 5 次登录失败" in body
    assert "请于 30 分钟后，即 2026年5月6日 09:42 以后再试" in body
    assert '<html lang="zh-Hans">' in body


def test_while_locked_even_the_right_password_is_refused(client, staff):
    fail(client, "staff1", 5)

    response = sign_in(client, "staff1", PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_is_for_that_username_from_that_address_only(client, staff, inspector):
    fail(client, "staff1", 5)

    assert sign_in(client, "inspector1", PASSWORD).status_code == 302  # another user from the same address
    client.logout()
    assert sign_in(client, "staff1", PASSWORD, address="198.51.100.20").status_code == 302  # same user elsewhere


def test_the_lock_ends_after_thirty_minutes(client, staff):
    fail(client, "staff1", 5)

    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert sign_in(client, "staff1", PASSWORD).status_code == 429
    # That attempt started the cool-off again: 30 minutes from it.
    with time_machine.travel(timezone.now() + timedelta(minutes=29 + 31)):
        assert sign_in(client, "staff1", PASSWORD).status_code == 302


def test_a_success_clears_the_earlier_failures(client, staff):
    fail(client, "staff1", 4)
    sign_in(client, "staff1", PASSWORD)
    client.logout()

    responses = fail(client, "staff1", 4)

    assert all(r.status_code == 200 for r in responses)


def test_the_admin_sign_in_is_guarded_too(client, bureau_admin):
    for _ in range(5):
        response = client.post(
            reverse("admin:login"), {"username": "admin1", "password": "wrong-pass-2026"}, REMOTE_ADDR=ADDRESS
        )

    assert response.status_code == 429
