import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from bureau.accounts.services import profile_of
from bureau.roles import Role, role_of

pytestmark = pytest.mark.django_db

STRONG = "Zhan-gong-2026"


def test_it_makes_an_admin_in_the_admin_group_with_a_profile(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)

    call_command("create_admin", "chief", "--noinput", "--name", "张工")

    user = get_user_model().objects.get(username="chief")
    assert user.is_superuser and user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [Role.ADMIN.value]
    assert role_of(user) == Role.ADMIN
    assert profile_of(user) is not None
    assert user.first_name == "张工"
    assert user.check_password(STRONG)


def test_it_asks_for_the_password_twice(monkeypatch):
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    call_command("create_admin", "chief")

    assert get_user_model().objects.get(username="chief").check_password(STRONG)


def test_it_refuses_two_different_passwords(monkeypatch):
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))

    with pytest.raises(CommandError, match="不一致"):
        call_command("create_admin", "chief")
    assert not get_user_model().objects.filter(username="chief").exists()


def test_it_applies_the_portal_password_rules(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "12345678")

    with pytest.raises(CommandError, match="未创建"):
        call_command("create_admin", "chief", "--noinput")
    assert not get_user_model().objects.filter(username="chief").exists()


def test_it_refuses_a_missing_password_and_an_existing_username(monkeypatch, bureau_admin):
    monkeypatch.delenv("DJANGO_SUPERUSER_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="没有密码"):
        call_command("create_admin", "chief", "--noinput")

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", STRONG)
    with pytest.raises(CommandError, match="已存在"):
        call_command("create_admin", bureau_admin.username, "--noinput")
