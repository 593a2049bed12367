"""The session's user is read in one query with its role and unread count (bureau.accounts.backends): the same
role and count as asking for them apart, and a write that changes either is seen at once."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau.accounts.backends import PortalBackend
from bureau.accounts.services import ensure_role_groups, notifications_mark_read, notify, user_update
from bureau.context_processors import _unread_count
from bureau.roles import Role, role_of
from tests.factories import make_user


def asked_apart(user):
    """The role and unread count of a user object read without them, as scripts and tests get one."""
    plain = get_user_model().objects.get(pk=user.pk)
    return role_of(plain), _unread_count(plain)


def read_by_backend(user):
    return PortalBackend().get_user(user.pk)


def test_each_kind_of_user_gets_the_role_and_count_it_has(db):
    groups = ensure_role_groups()
    other = Group.objects.create(name="not-a-role")
    users = [make_user(role) for role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)]
    several = make_user(Role.INSPECTOR)
    several.groups.add(groups[Role.STAFF], other)  # the widest of its roles
    outsider = make_user(Role.STAFF)
    outsider.groups.set([other])  # a group that is no role: no role
    no_group = make_user(Role.STAFF)
    no_group.groups.clear()
    superuser = get_user_model().objects.create_superuser("root1", password="Test-pass-2026")
    for n, user in enumerate([*users, several, outsider, no_group, superuser]):
        for i in range(n):
            notify(user=user, key=f"k{i}", message="通知")
        notifications_mark_read(user=user, ids=list(user.notifications.values_list("pk", flat=True)[:1]))

    for user in [*users, several, outsider, no_group, superuser]:
        read = read_by_backend(user)
        with CaptureQueriesContext(connection) as queries:
            role, unread = role_of(read), _unread_count(read)
        assert (role, unread) == asked_apart(user), user.username
        assert not queries.captured_queries  # read with the user
    assert role_of(read_by_backend(several)) == Role.STAFF and role_of(read_by_backend(outsider)) is None


def test_an_unknown_or_inactive_user_is_nobody(db):
    user = make_user(Role.STAFF)
    user.is_active = False
    user.save()

    assert read_by_backend(user) is None and PortalBackend().get_user(999_999) is None


def test_a_page_reads_the_user_its_role_and_its_count_in_one_query(client, staff):
    notify(user=staff, key="a", message="一")
    client.force_login(staff)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("password_change"))

    assert response.context["unread_notifications"] == 1 and response.context["user_role"] == Role.STAFF
    sql = [q["sql"] for q in queries.captured_queries]
    assert sum('FROM "auth_user"' in s for s in sql) == 1
    assert not any('FROM "auth_group"' in s or 'COUNT(*) AS "__count" FROM "accounts_notification"' in s for s in sql)


def test_writing_the_users_notices_drops_the_count_read_with_it(db):
    user = make_user(Role.STAFF)
    read = read_by_backend(user)
    assert _unread_count(read) == 0

    notify(user=read, key="a", message="一")
    assert _unread_count(read) == 1
    notifications_mark_read(user=read)
    assert _unread_count(read) == 0


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.ADMIN])
def test_a_changed_role_is_seen_on_the_user_read_with_the_old_one(db, role):
    admin = make_user(Role.ADMIN)
    user = make_user(Role.STAFF)
    read = read_by_backend(user)
    assert role_of(read) == Role.STAFF

    user_update(user=read, name="改了角色", phone="", role=role, is_active=True, actor=admin)

    assert role_of(read) == role
