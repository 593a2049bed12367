"""Accounts without /admin/: staff and admins manage users, issue enterprise accounts with one-time letters, reset
an enterprise's password from its dossier; issued passwords are changed at first sign-in; closing deactivates."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau import once
from bureau.accounts.models import Profile
from bureau.roles import Role, role_of
from enterprises.models import Enterprise, EnterpriseMembership, EnterpriseStatus
from enterprises.services import enterprise_save
from tests.factories import make_enterprise, make_user

User = get_user_model()
PASSWORD = re.compile(r"data-password>([^<]+)<")


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def key():
    return once.new_key()


@pytest.mark.parametrize("persona", ["inspector", "grid_officer_a", "enterprise_user_x"])
def test_only_staff_and_admins_manage_users(request, persona, world):
    client = client_for(request.getfixturevalue(persona))
    for name in ("users:list", "users:create", "users:issue"):
        assert client.get(reverse(name)).status_code == 403


def test_list_shows_chinese_role_names_and_filters(staff, inspector, enterprise_user_x):
    client = client_for(staff)
    page = client.get(reverse("users:list")).content.decode()
    assert "执法人员" in page and "企业用户" in page and "局机关" in page
    assert ">inspector<" not in page and ">enterprise<" not in page
    only = client.get(reverse("users:list"), {"role": Role.INSPECTOR}).content.decode()
    assert inspector.username in only and enterprise_user_x.username not in only
    assert 'data-total="1"' in only


def test_staff_create_an_enterprise_user_by_credit_code(staff, world):
    data = {
        "username": "zhang.san",
        "name": "张三",
        "phone": "13900000000",
        "role": Role.ENTERPRISE,
        "enterprise": world.enterprise_x.credit_code.lower(),
        "password1": "Qw7#zkmPx2",
        "password2": "Qw7#zkmPx2",
        once.FIELD: key(),
    }
    response = client_for(staff).post(reverse("users:create"), data)
    assert response.status_code == 302
    user = User.objects.get(username="zhang.san")
    assert role_of(user) == Role.ENTERPRISE
    assert user.enterprise_membership.enterprise == world.enterprise_x
    assert user.profile.must_change_password


def test_enterprise_user_without_enterprise_is_refused(staff, world):
    data = {"username": "li", "role": Role.ENTERPRISE, "password1": "Qw7#zkmPx2", "password2": "Qw7#zkmPx2"}
    response = client_for(staff).post(reverse("users:create"), data)
    assert response.status_code == 200
    assert "企业用户必须指定所属企业" in response.content.decode()
    assert not User.objects.filter(username="li").exists()


def test_staff_cannot_make_or_edit_an_admin(staff, bureau_admin):
    client = client_for(staff)
    assert client.get(reverse("users:edit", args=[bureau_admin.pk])).status_code == 403
    data = {"username": "boss", "role": Role.ADMIN, "password1": "Qw7#zkmPx2", "password2": "Qw7#zkmPx2"}
    client.post(reverse("users:create"), data)
    assert not User.objects.filter(username="boss").exists()


def test_edit_changes_role_and_deactivate(staff, inspector):
    client = client_for(staff)
    data = {"name": "王五", "phone": "", "role": Role.STAFF, "is_active": "on", once.FIELD: key()}
    assert client.post(reverse("users:edit", args=[inspector.pk]), data).status_code == 302
    inspector = User.objects.get(pk=inspector.pk)
    assert inspector.first_name == "王五" and role_of(inspector) == Role.STAFF
    client.post(reverse("users:deactivate", args=[inspector.pk]), {once.FIELD: key()})
    assert not User.objects.get(pk=inspector.pk).is_active


def test_edit_moves_an_enterprise_user_to_another_enterprise(staff, world, enterprise_user_x):
    page = client_for(staff).get(reverse("users:edit", args=[enterprise_user_x.pk])).content.decode()
    assert world.enterprise_x.credit_code in page and 'value="staff"' not in page
    data = {"role": Role.ENTERPRISE, "is_active": "on", "enterprise": world.enterprise_y.credit_code}
    assert client_for(staff).post(reverse("users:edit", args=[enterprise_user_x.pk]), data).status_code == 302
    assert EnterpriseMembership.objects.get(user=enterprise_user_x).enterprise == world.enterprise_y


def test_grid_officer_with_cells_keeps_the_role(staff, grid_officer_a):
    data = {"name": "", "phone": "", "role": Role.INSPECTOR, "is_active": "on"}
    response = client_for(staff).post(reverse("users:edit", args=[grid_officer_a.pk]), data)
    assert "请先在网格页面结束其任期" in response.content.decode()
    assert role_of(User.objects.get(pk=grid_officer_a.pk)) == Role.GRID_OFFICER


def _issue(client, params, submission_key):
    return client.post(reverse("users:issue"), {**params, once.FIELD: submission_key})


def test_bulk_issue_for_a_town_skips_existing_and_shows_each_password_once(staff, world, enterprise_user_x):
    others = [make_enterprise(grid_cell=world.village_a) for _ in range(3)]
    make_enterprise(grid_cell=world.village_a, status=EnterpriseStatus.CLOSED)
    client = client_for(staff)
    preview = client.get(reverse("users:issue"), {"town": world.town1.code}).content.decode()
    assert 'data-issue-count="3"' in preview

    submission = key()
    response = _issue(client, {"town": world.town1.code}, submission)
    page = response.content.decode()
    assert response.status_code == 200
    passwords = PASSWORD.findall(page)
    assert len(passwords) == 3 and len(set(passwords)) == 3
    assert page.count("account-letter") == 3
    assert "跳过已有账号的 1 家、关闭取缔的 1 家" in page or "跳过已有账号的 1 家，关闭取缔的 1 家" in page
    for enterprise in others:
        user = User.objects.get(username=enterprise.credit_code)
        assert user.enterprise_membership.enterprise == enterprise
        assert user.profile.must_change_password and role_of(user) == Role.ENTERPRISE
        assert user.password not in passwords  # stored hashed
    assert any(User.objects.get(username=e.credit_code).check_password(p) for e in others for p in passwords)

    # The same POST again (a reload, a second click) issues nothing and shows no password.
    again = _issue(client, {"town": world.town1.code}, submission)
    assert PASSWORD.findall(again.content.decode()) == []
    assert User.objects.filter(enterprise_membership__enterprise__in=others).count() == 3
    # A new issue for the same town finds them all issued: no letters.
    third = _issue(client, {"town": world.town1.code}, key()).content.decode()
    assert PASSWORD.findall(third) == []


def _issue_counting_queries(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = _issue(client, params, key())
    return response, len(queries)


def test_bulk_issue_for_a_filtered_list_in_a_bounded_number_of_queries(staff, world):
    few = [make_enterprise(grid_cell=world.village_b, name=f"冷库{n}") for n in range(2)]
    many = [make_enterprise(grid_cell=world.village_b, name=f"食品{n}") for n in range(20)]
    make_enterprise(grid_cell=world.village_b, name="其他企业")
    client = client_for(staff)
    client.get("/")  # the session is touched (saved) once a minute: here, not inside either count
    _, queries_for_few = _issue_counting_queries(client, {"q": "冷库"})
    response, queries_for_many = _issue_counting_queries(client, {"q": "食品"})
    assert len(PASSWORD.findall(response.content.decode())) == 20
    assert queries_for_many == queries_for_few
    assert EnterpriseMembership.objects.filter(enterprise__in=few + many).count() == 22
    assert not User.objects.filter(enterprise_membership__enterprise__name="其他企业").exists()


def test_staff_see_admins_without_a_link_to_edit_them(staff, bureau_admin):
    page = client_for(staff).get(reverse("users:list"), {"role": Role.ADMIN}).content.decode()
    assert bureau_admin.username in page and "系统管理员" in page
    assert reverse("users:edit", args=[bureau_admin.pk]) not in page
    page = client_for(bureau_admin).get(reverse("users:list"), {"role": Role.ADMIN}).content.decode()
    assert reverse("users:edit", args=[bureau_admin.pk]) in page


def test_a_long_list_is_issued_in_batches(staff, world, monkeypatch):
    from enterprises.users import services

    monkeypatch.setattr(services, "ISSUE_BATCH", 2)
    made = [make_enterprise(grid_cell=world.village_b, name=f"冷库{n}") for n in range(3)]
    client = client_for(staff)
    first = _issue(client, {"q": "冷库"}, key()).content.decode()
    assert len(PASSWORD.findall(first)) == 2 and 'data-remaining="1"' in first
    second = _issue(client, {"q": "冷库"}, key()).content.decode()
    assert len(PASSWORD.findall(second)) == 1 and "data-remaining" not in second
    assert EnterpriseMembership.objects.filter(enterprise__in=made).count() == 3


def test_issue_without_a_filter_is_refused(staff, world):
    response = _issue(client_for(staff), {"town": ""}, key())
    assert "请至少选择一个筛选条件" in response.content.decode()
    assert not User.objects.filter(username=world.enterprise_x.credit_code).exists()


def test_issued_password_forces_a_change_at_first_sign_in(staff, world):
    letter = _issue(client_for(staff), {"q": world.enterprise_y.credit_code}, key()).content.decode()
    (password,) = PASSWORD.findall(letter)
    client = Client()
    signed_in = client.post(reverse("login"), {"username": world.enterprise_y.credit_code, "password": password})
    assert signed_in.status_code == 302
    response = client.get(reverse("hazards:list"))
    assert response.status_code == 302 and response["Location"] == reverse("password_change")
    new = "Nw8%pqrTxz5"
    changed = client.post(
        reverse("password_change"), {"old_password": password, "new_password1": new, "new_password2": new}
    )
    assert changed.status_code == 302
    assert not Profile.objects.get(user__username=world.enterprise_y.credit_code).must_change_password
    assert client.get(reverse("hazards:list")).status_code == 200


def test_reset_from_the_dossier(staff, world, enterprise_user_x):
    client = client_for(staff)
    dossier = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()
    assert reverse("users:reset", args=[world.enterprise_x.pk]) in dossier
    submission = key()
    url = reverse("users:reset", args=[world.enterprise_x.pk])
    response = client.post(url, {"user": enterprise_user_x.pk, once.FIELD: submission})
    (password,) = PASSWORD.findall(response.content.decode())
    user = User.objects.get(pk=enterprise_user_x.pk)
    assert user.check_password(password) and user.profile.must_change_password
    replay = client.post(url, {"user": enterprise_user_x.pk, once.FIELD: submission})
    assert replay.status_code == 302 and User.objects.get(pk=user.pk).password == user.password
    # Another enterprise's account cannot be reset through X's dossier.
    other = make_user(Role.ENTERPRISE, enterprise=world.enterprise_y)
    client.post(url, {"user": other.pk, once.FIELD: key()})
    assert not Profile.objects.get(user=other).must_change_password


def test_reset_is_staff_and_admin_only(inspector, world, enterprise_user_x):
    url = reverse("users:reset", args=[world.enterprise_x.pk])
    assert client_for(inspector).post(url, {"user": enterprise_user_x.pk}).status_code == 403


def test_closing_an_enterprise_deactivates_its_accounts(staff, world, enterprise_user_x, enterprise_user_y):
    enterprise = world.enterprise_x
    enterprise.status = EnterpriseStatus.CLOSED
    enterprise_save(enterprise=enterprise, actor=staff)
    assert not User.objects.get(pk=enterprise_user_x.pk).is_active
    assert User.objects.get(pk=enterprise_user_y.pk).is_active


def test_an_import_that_closes_an_enterprise_deactivates_its_accounts(world, enterprise_user_x):
    from enterprises.importer.applying import apply_rows
    from enterprises.importer.columns import ValidRow

    # The import's row: an unsaved enterprise with X's credit code, now 关闭取缔.
    closed = Enterprise.objects.get(pk=world.enterprise_x.pk)
    closed.pk, closed.status = None, EnterpriseStatus.CLOSED
    assert apply_rows([ValidRow(number=2, enterprise=closed, category_ids=frozenset())]) == (0, 1)
    assert not User.objects.get(pk=enterprise_user_x.pk).is_active


def test_replayed_create_makes_one_user(staff, world):
    data = {
        "username": "wang",
        "role": Role.INSPECTOR,
        "password1": "Qw7#zkmPx2",
        "password2": "Qw7#zkmPx2",
        once.FIELD: key(),
    }
    client = client_for(staff)
    client.post(reverse("users:create"), data)
    client.post(reverse("users:create"), data)
    assert User.objects.filter(username="wang").count() == 1


def test_a_town_of_hundreds_is_issued_in_one_press(staff, world):
    made = [make_enterprise(grid_cell=world.village_b, name=f"镇街企业{n}") for n in range(220)]
    page = _issue(client_for(staff), {"q": "镇街企业"}, key()).content.decode()
    assert len(PASSWORD.findall(page)) == 220 and "data-remaining" not in page
    assert EnterpriseMembership.objects.filter(enterprise__in=made).count() == 220
