"""Failed sign-ins within 30 minutes lock for 30 minutes (django-axes, bureau/accounts/lockout_handler.py): five for
one username from one address lock that pair, twenty from one address across usernames lock the address (spraying),
ten for one username from any addresses lock the username (guessing from many machines).

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


def test_one_address_trying_many_usernames_is_locked_after_twenty_failures(client, staff):
    responses = [sign_in(client, f"guess{n}", "not-the-password") for n in range(40)]

    codes = [response.status_code for response in responses]
    assert codes[:19] == [200] * 19 and set(codes[19:]) == {429}
    body = responses[19].content.decode()
    assert "本机登录已暂时锁定" in body and "登录失败次数过多（20 次，涉及多个账号）" in body
    assert "请于 30 分钟后" in body
    # The address is locked whatever the username, even with the right password of a real one.
    assert sign_in(client, "staff1", PASSWORD).status_code == 429
    assert sign_in(Client(), "staff1", PASSWORD, address="198.51.100.20").status_code == 302  # not elsewhere


def test_nineteen_usernames_from_one_address_are_not_yet_locked(client, staff):
    fail_each = [sign_in(client, f"guess{n}", "not-the-password") for n in range(19)]

    assert {response.status_code for response in fail_each} == {200}
    assert sign_in(client, "staff1", PASSWORD).status_code == 302


def test_signing_in_to_an_own_account_does_not_clear_the_address_count(client, staff):
    for n in range(19):
        sign_in(client, f"guess{n}", "not-the-password")
    assert sign_in(client, "staff1", PASSWORD).status_code == 302
    client.logout()

    assert sign_in(client, "guess-next", "not-the-password").status_code == 429


def test_the_address_lock_ends_after_thirty_minutes(client, staff):
    for n in range(20):
        sign_in(client, f"guess{n}", "not-the-password")

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert sign_in(client, "staff1", PASSWORD).status_code == 302


def test_five_addresses_guessing_one_username_lock_that_username(staff, inspector):
    addresses = [f"192.0.2.{20 + n}" for n in range(5)]
    codes = [
        sign_in(Client(), "staff1", "not-the-password", address).status_code for address in addresses for _ in range(5)
    ]

    # Each address's fifth failure locks its own pair; the tenth failure in all locks the username everywhere.
    assert codes[:4] == [200] * 4 and codes[5:9] == [200] * 4 and set(codes[9:]) == {429}
    locked = sign_in(Client(), "staff1", PASSWORD, address="203.0.113.30")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "账号“staff1”在多处累计 10 次登录失败" in body and "请于 30 分钟后" in body
    # The addresses themselves are not locked: another user signs in from them.
    assert sign_in(Client(), "inspector1", PASSWORD, address=addresses[-1]).status_code == 302


def test_the_username_lock_ends_after_thirty_minutes(staff):
    for n in range(10):
        sign_in(Client(), "staff1", "not-the-password", address=f"192.0.2.{20 + n}")

    assert sign_in(Client(), "staff1", PASSWORD, address="203.0.113.30").status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert sign_in(Client(), "staff1", PASSWORD, address="203.0.113.30").status_code == 302


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


def test_behind_the_proxy_only_the_proxys_own_address_counts(behind_proxy, staff, inspector):
    # A chain: the client's own claim comes first, the address the proxy saw last. Only the last one is believed.
    for claimed in ("10.9.9.1", "10.9.9.2", "10.9.9.3", "10.9.9.4", "10.9.9.5"):
        via_nginx(Client(), "staff1", "wrong-pass-1", f"{claimed}, 192.0.2.10")
    assert via_nginx(Client(), "staff1", PASSWORD, "192.0.2.10").status_code == 429

    # Not from a trusted proxy: the header is the client's own invention, and the connection's address counts.
    # (Another username: ten failures of staff1 in all would lock staff1 from everywhere.)
    for claimed in ("10.9.9.1", "10.9.9.2", "10.9.9.3", "10.9.9.4", "10.9.9.5"):
        via_nginx(Client(), "inspector1", "wrong-pass-1", claimed, proxy="203.0.113.5")
    assert via_nginx(Client(), "inspector1", PASSWORD, "10.9.9.6", proxy="203.0.113.5").status_code == 429
    assert via_nginx(Client(), "staff1", PASSWORD, "198.51.100.20").status_code == 302


def test_behind_the_proxy_a_spraying_client_locks_only_its_own_address(behind_proxy, staff):
    for n in range(20):
        via_nginx(Client(), f"guess{n}", "wrong-pass-1", "192.0.2.10")

    assert via_nginx(Client(), "staff1", PASSWORD, "192.0.2.10").status_code == 429
    # Every request came from the proxy's 127.0.0.1: the other clients behind it still sign in.
    assert via_nginx(Client(), "staff1", PASSWORD, "198.51.100.20").status_code == 302
