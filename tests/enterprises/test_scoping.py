import pytest
from django.http import Http404

from bureau.accounts.roles import Role
from enterprises.permissions import enterprise_id_of, enterprise_of, get_enterprise_for_user, visible_enterprises
from tests.factories import make_enterprise, make_user


def names(user):
    return set(visible_enterprises(user).values_list("name", flat=True))


@pytest.mark.parametrize("persona", ["bureau_admin", "staff", "inspector"])
def test_bureau_roles_see_every_enterprise(request, world, persona):
    user = request.getfixturevalue(persona)

    assert names(user) == {"企业X", "企业Y"}


def test_grid_officer_sees_the_subtree_of_their_cell(world, grid_officer_a):
    deeper = make_enterprise(grid_cell=world.village_a, name="企业X2")
    make_enterprise(grid_cell=world.town1, name="镇街直属企业")  # above cell A: not in its subtree

    assert names(grid_officer_a) == {"企业X", deeper.name}


def test_enterprise_user_sees_only_its_own(world, enterprise_user_x):
    assert names(enterprise_user_x) == {"企业X"}


def test_a_user_without_a_role_sees_nothing(world):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("norole", password="x")

    assert names(user) == set()


def test_another_enterprises_object_is_a_404(world, enterprise_user_x, grid_officer_b):
    assert get_enterprise_for_user(enterprise_user_x, world.enterprise_x.pk) == world.enterprise_x
    with pytest.raises(Http404):
        get_enterprise_for_user(enterprise_user_x, world.enterprise_y.pk)
    with pytest.raises(Http404):
        get_enterprise_for_user(grid_officer_b, world.enterprise_x.pk)


def test_grid_officer_scope_is_one_query(world, django_assert_num_queries):
    user = make_user(Role.GRID_OFFICER, grid_cell=world.cell_a)
    user = type(user).objects.select_related("profile__grid_cell").get(pk=user.pk)
    list(user.groups.all())  # role lookup is not what this measures

    with django_assert_num_queries(2):  # the role (groups), then the enterprises
        list(visible_enterprises(user))


def test_an_enterprise_users_enterprise_is_read_once_per_request(world, enterprise_user_x, django_assert_num_queries):
    user = type(enterprise_user_x).objects.get(pk=enterprise_user_x.pk)

    with django_assert_num_queries(1):  # the membership; asking again reads what the user object keeps
        assert enterprise_id_of(user) == world.enterprise_x.pk
        assert enterprise_id_of(user) == world.enterprise_x.pk


def test_a_user_without_a_membership_belongs_to_no_enterprise(world, staff, django_assert_num_queries):
    assert enterprise_id_of(staff) is None
    with django_assert_num_queries(0):
        assert enterprise_of(staff) is None
