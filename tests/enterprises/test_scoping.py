from datetime import date

import pytest
from django.http import Http404
from django.utils import timezone

from bureau.roles import Role, role_of
from enterprises.permissions import (
    enterprise_id_of,
    enterprise_of,
    get_enterprise_for_user,
    registry_scope,
    visible_enterprises,
)
from grids.services import grid_assign, grid_assignment_end
from tests.factories import make_enterprise, make_user


def refetch(user):
    """The user as the next request sees it: what the permissions read is kept on the user object."""
    return type(user).objects.get(pk=user.pk)


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
    user = type(user).objects.get(pk=user.pk)
    role_of(user)  # role lookup is not what this measures

    with django_assert_num_queries(2):  # the cells held, then the enterprises
        list(visible_enterprises(user))
    with django_assert_num_queries(1):  # the held cells are read once per user object, like the role
        list(visible_enterprises(user))


def test_a_grid_officer_holding_two_cells_sees_both_subtrees(world, grid_officer_a, bureau_admin):
    assignment = grid_assign(
        cell=world.cell_b, user=grid_officer_a, capacity="member", start_date=date(2026, 1, 1), actor=bureau_admin
    )
    officer = refetch(grid_officer_a)

    assert names(officer) == {"企业X", "企业Y"}
    assert get_enterprise_for_user(officer, world.enterprise_y.pk) == world.enterprise_y
    assert registry_scope(officer) == f"grid_officer:{world.cell_a.path},{world.cell_b.path}"

    grid_assignment_end(assignment=assignment, end_date=date(2026, 6, 30), actor=bureau_admin)
    officer = refetch(grid_officer_a)

    assert names(officer) == {"企业X"}
    with pytest.raises(Http404):
        get_enterprise_for_user(officer, world.enterprise_y.pk)
    assert registry_scope(officer) == f"grid_officer:{world.cell_a.path}"


def test_a_grid_officer_whose_assignments_ended_sees_nothing(world, grid_officer_a, bureau_admin):
    for assignment in grid_officer_a.grid_assignments.all():
        grid_assignment_end(assignment=assignment, end_date=timezone.localdate(), actor=bureau_admin)
    officer = refetch(grid_officer_a)

    assert names(officer) == set()
    assert registry_scope(officer) == "grid_officer:-"


def test_an_enterprise_users_enterprise_is_read_once_per_request(world, enterprise_user_x, django_assert_num_queries):
    user = type(enterprise_user_x).objects.get(pk=enterprise_user_x.pk)

    with django_assert_num_queries(1):  # the membership; asking again reads what the user object keeps
        assert enterprise_id_of(user) == world.enterprise_x.pk
        assert enterprise_id_of(user) == world.enterprise_x.pk


def test_a_user_without_a_membership_belongs_to_no_enterprise(world, staff, django_assert_num_queries):
    assert enterprise_id_of(staff) is None
    with django_assert_num_queries(0):
        assert enterprise_of(staff) is None
