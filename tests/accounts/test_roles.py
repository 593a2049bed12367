import pytest
from django.core.exceptions import ValidationError

from bureau.accounts.services import ensure_role_groups
from bureau.roles import Role, role_of
from tests.factories import make_user


def test_a_user_in_several_groups_acts_in_the_widest(db):
    user = make_user(Role.INSPECTOR)
    user.groups.add(ensure_role_groups()[Role.STAFF])
    user.refresh_from_db()

    assert role_of(user) == Role.STAFF


def test_anonymous_has_no_role():
    from django.contrib.auth.models import AnonymousUser

    assert role_of(AnonymousUser()) is None


def test_enterprise_user_needs_an_enterprise(db):
    with pytest.raises(ValidationError) as excinfo:
        make_user(Role.ENTERPRISE)
    assert "企业用户必须指定所属企业" in str(excinfo.value)


def test_the_five_role_groups_exist_after_migrations(db):
    from django.contrib.auth.models import Group

    assert set(Group.objects.values_list("name", flat=True)) >= {r.value for r in Role}
