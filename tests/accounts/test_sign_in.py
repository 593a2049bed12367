import pytest
from django.urls import reverse

from bureau.roles import Role
from tests.factories import make_user

PASSWORD = "Test-pass-2026"


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_lands_on_home(client, world, role):
    links = {Role.GRID_OFFICER: {"grid_cell": world.cell_a}, Role.ENTERPRISE: {"enterprise": world.enterprise_x}}
    user = make_user(role, password=PASSWORD, **links.get(role, {}))

    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD}, follow=True)

    assert response.redirect_chain[0][0] == reverse("home")
    assert response.context["user"] == user
    assert role.label in response.content.decode()
    if role == Role.ENTERPRISE:  # an enterprise user's home is its own dossier
        assert response.redirect_chain[-1][0] == reverse("enterprises:detail", args=[world.enterprise_x.pk])
        assert "一企一档" in response.content.decode()
    else:
        assert "您好" in response.content.decode()


def test_wrong_password_is_refused_in_chinese(client, staff):
    response = client.post(reverse("login"), {"username": staff.username, "password": "wrong-password"})

    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/", "/admin/", "/accounts/password/"])
def test_anonymous_is_sent_to_sign_in(client, db, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login")) or response["Location"].startswith("/admin/login/")


def test_sign_in_page_is_open_and_chinese_whatever_the_browser_asks(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "用户登录" in body and "用户名" in body and "密码" in body
    assert "Username" not in body


def test_sign_out_needs_post_and_ends_the_session(client, staff):
    client.force_login(staff)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_in_chinese(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("password_change"),
        {"old_password": "Test-pass-2026", "new_password1": "123", "new_password2": "123"},
    )

    assert response.status_code == 200
    assert "密码太短" in response.content.decode()
    staff.refresh_from_db()
    assert staff.check_password("Test-pass-2026")
