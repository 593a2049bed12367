from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from bureau.roles import Role
from grids.models import Capacity, GridAssignment
from grids.permissions import held_paths
from grids.services import grid_assign, grid_assignment_end
from tests.factories import make_user


def refetch(user):
    """The user as a new request sees it: held_paths keeps what it read on the user object."""
    return type(user).objects.get(pk=user.pk)


def assign(cell, user, start, actor, capacity=Capacity.RESPONSIBLE):
    return grid_assign(cell=cell, user=user, capacity=capacity, start_date=start, actor=actor)


def test_reassigning_keeps_the_history(world, bureau_admin):
    first = make_user(Role.GRID_OFFICER)
    second = make_user(Role.GRID_OFFICER)

    assign(world.cell_a, first, date(2025, 1, 1), bureau_admin)
    assign(world.cell_a, second, date(2026, 3, 1), bureau_admin)

    history = list(GridAssignment.objects.filter(cell=world.cell_a).order_by("start_date"))
    assert [(a.user, a.start_date, a.end_date) for a in history] == [
        (first, date(2025, 1, 1), date(2026, 3, 1)),
        (second, date(2026, 3, 1), None),
    ]
    assert held_paths(refetch(first)) == ()
    assert held_paths(refetch(second)) == (world.cell_a.path,)


def test_at_most_one_current_responsible_per_cell_in_the_database(world, bureau_admin):
    first = make_user(Role.GRID_OFFICER)
    other = make_user(Role.GRID_OFFICER)
    assign(world.cell_a, first, date(2026, 1, 1), bureau_admin)

    with pytest.raises(IntegrityError), transaction.atomic():
        GridAssignment.objects.create(cell=world.cell_a, user=other, start_date=date(2026, 2, 1))


def test_several_members_may_serve_beside_the_responsible(world, bureau_admin):
    first = make_user(Role.GRID_OFFICER)
    helper = make_user(Role.GRID_OFFICER)
    assign(world.cell_a, first, date(2026, 1, 1), bureau_admin)

    assign(world.cell_a, helper, date(2026, 1, 2), bureau_admin, capacity=Capacity.MEMBER)

    assert GridAssignment.objects.current().filter(cell=world.cell_a).count() == 2


def test_only_grid_officers_can_be_assigned(world, bureau_admin, staff):
    with pytest.raises(ValidationError) as excinfo:
        assign(world.cell_a, staff, date(2026, 1, 1), bureau_admin)

    assert "网格责任人" in str(excinfo.value)
    assert not GridAssignment.objects.exists()


def test_a_successor_cannot_start_before_the_current_term(world, bureau_admin):
    first = make_user(Role.GRID_OFFICER)
    second = make_user(Role.GRID_OFFICER)
    assign(world.cell_a, first, date(2026, 3, 1), bureau_admin)

    with pytest.raises(ValidationError) as excinfo:
        assign(world.cell_a, second, date(2026, 1, 1), bureau_admin)

    assert "起始日期不能早于" in str(excinfo.value)
    assert GridAssignment.objects.get().end_date is None


def test_ending_an_assignment_twice_is_refused(world, bureau_admin):
    first = make_user(Role.GRID_OFFICER)
    assignment = assign(world.cell_a, first, date(2026, 1, 1), bureau_admin)
    grid_assignment_end(assignment=assignment, end_date=date(2026, 6, 30), actor=bureau_admin)

    with pytest.raises(ValidationError, match="已结束"):
        grid_assignment_end(assignment=assignment, end_date=date(2026, 7, 1), actor=bureau_admin)
