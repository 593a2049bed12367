"""Grid forms with hostile values: assigning and ending an assignment (admins), the tree and coverage filters."""

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from grids.models import Capacity, GridAssignment
from grids.services import grid_assign
from tests.robustness.hostile import (
    FORM_SETTINGS,
    choice,
    date,
    days_from_today,
    form,
    ids,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db


@FORM_SETTINGS
@given(
    data=form(
        {"user": "officer", "capacity": Capacity.RESPONSIBLE, "start_date": days_from_today(0), "note": "村居网格"},
        {
            "user": ids("officer", "self"),
            "capacity": choice(*Capacity.values),
            "start_date": date(),
            "note": text("村居网格责任人", ""),
        },
    )
)
def test_assigning_a_grid_officer(as_user, world, bureau_admin, grid_officer_a, data):
    client = as_user(bureau_admin)
    data["user"] = {"officer": grid_officer_a.pk, "self": bureau_admin.pk}.get(data["user"], data["user"])
    with rolled_back():
        submit(client, "post", reverse("grids:assign", args=[world.village_a.code]), data, ok=(302,))


@FORM_SETTINGS
@given(end_date=date())
def test_ending_an_assignment(as_user, world, bureau_admin, grid_officer_a, end_date):
    assignment = GridAssignment.objects.filter(cell=world.village_a).first() or grid_assign(
        cell=world.village_a,
        user=grid_officer_a,
        capacity=Capacity.RESPONSIBLE,
        start_date=timezone.localdate(),
        actor=bureau_admin,
    )
    client = as_user(bureau_admin)
    url = reverse("grids:end_assignment", args=[world.village_a.code, assignment.pk])
    with rolled_back():
        submit(client, "post", url, {"end_date": end_date}, ok=(302,))


@FORM_SETTINGS
@given(opened=text("330381", "T00001"), town=ids("330381"), page=text("1", "2", "last"))
def test_the_tree_and_the_coverage_filters(as_user, world, staff, opened, town, page):
    client = as_user(staff)
    with rolled_back():
        submit(client, "get", reverse("grids:tree"), {"open": opened}, ok=(200,), navigation=True)
        submit(client, "get", reverse("grids:unassigned"), {"town": town}, ok=(200,))
        submit(client, "get", reverse("grids:unassigned"), {"page": page}, ok=(200,), navigation=True)
