"""Five failed sign-ins for one username from one address lock that pair out for 30 minutes (django-axes).

Each setting is shown by what it does: the limit (four pass, the fifth locks), the cool-off (29 and 31 minutes),
the lockout parameters (another user, another address), axes before the password check (the right one refused).
"""

import runpy
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import SignInEvent

PASSWORD = "Test-pass-2026"
ADDRESS = "192.0.2.10"


def sign_in(client, username, password, address=ADDRESS):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times, address=ADDRESS):
    return [sign_in(client, username, "not-the-password", address) for _ in range(times)]


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


@pytest.fixture
def behind_proxy(monkeypatch, settings):
    """The lockout settings the portal takes with BEHIND_PROXY=1 (read from bureau/settings.py itself)."""
    monkeypatch.setenv("BEHIND_PROXY", "1")
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    proxied = runpy.run_path(str(Path(settings.BASE_DIR) / "bureau" / "settings.py"))
    settings.AXES_CLIENT_IP_CALLABLE = proxied.get("AXES_CLIENT_IP_CALLABLE")
    settings.TRUSTED_PROXIES = proxied.get("TRUSTED_PROXIES", [])


def via_nginx(client, username, password, client_address, proxy="127.0.0.1"):
    """A sign-in as nginx passes it on: from the proxy's address, the client's in X-Forwarded-For."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=client_address,
    )


def test_behind_the_proxy_each_client_address_locks_only_its_own_username(behind_proxy, staff, inspector):
    first, second = Client(), Client()
    *_, locked_first = [via_nginx(first, "staff1", "wrong-pass-1", "192.0.2.10") for _ in range(5)]
    *_, locked_second = [via_nginx(second, "inspector1", "wrong-pass-1", "198.51.100.20") for _ in range(5)]

    assert (locked_first.status_code, locked_second.status_code) == (429, 429)
    assert via_nginx(first, "staff1", PASSWORD, "192.0.2.10").status_code == 429
    assert via_nginx(second, "inspector1", PASSWORD, "198.51.100.20").status_code == 429
    # Every request came from the proxy's 127.0.0.1, but the locks are each client's: the other pairs sign in.
    assert via_nginx(Client(), "staff1", PASSWORD, "198.51.100.20").status_code == 302
    assert via_nginx(Client(), "inspector1", PASSWORD, "192.0.2.10").status_code == 302
    assert via_nginx(Client(), "staff1", PASSWORD, "203.0.113.30").status_code == 302
    assert set(SignInEvent.objects.filter(kind="lockout").values_list("username", "ip")) == {
        ("staff1", "192.0.2.10"),
        ("inspector1", "198.51.100.20"),
    }


def test_behind_the_proxy_only_the_proxys_own_address_counts(behind_proxy, staff):
    # A chain: the client's own claim comes first, the address the proxy saw last. Only the last one is believed.
    for claimed in ("10.9.9.1", "10.9.9.2", "10.9.9.3", "10.9.9.4", "10.9.9.5"):
        via_nginx(Client(), "staff1", "wrong-pass-1", f"{claimed}, 192.0.2.10")
    assert via_nginx(Client(), "staff1", PASSWORD, "192.0.2.10").status_code == 429

    # Not from a trusted proxy: the header is the client's own invention, and the connection's address counts.
    for claimed in ("10.9.9.1", "10.9.9.2", "10.9.9.3", "10.9.9.4", "10.9.9.5"):
        via_nginx(Client(), "staff1", "wrong-pass-1", claimed, proxy="203.0.113.5")
    assert via_nginx(Client(), "staff1", PASSWORD, "10.9.9.6", proxy="203.0.113.5").status_code == 429
    assert via_nginx(Client(), "staff1", PASSWORD, "198.51.100.20").status_code == 302
