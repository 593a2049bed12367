"""A grid officer sees the subtrees of the cells they hold today (grids.permissions.held_paths), every one of them,
on every page, for as many queries as with one cell; an ended assignment takes its cell out of the scope."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from grids.services import grid_assign, grid_assignment_end
from hazards.permissions import can_verify
from tests.factories import make_hazard


@pytest.fixture
def hazards(world, staff):
    return make_hazard(enterprise=world.enterprise_x, reported_by=staff), make_hazard(
        enterprise=world.enterprise_y, reported_by=staff
    )


def pages(world, hazards):
    return {
        "enterprise list": reverse("enterprises:list"),
        "hazard list": reverse("hazards:list"),
        "dossier X": reverse("enterprises:detail", args=[world.enterprise_x.pk]),
        "hazard X": reverse("hazards:detail", args=[hazards[0].pk]),
        "grid tree": reverse("grids:tree"),
    }


def counts(client, urls):
    found = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, name  # once first: caches fill up
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, name
        found[name] = len(queries)
    return found


def test_two_cells_two_subtrees_and_ending_one_takes_it_away(client, world, hazards, grid_officer_a, bureau_admin):
    assignment = grid_assign(
        cell=world.cell_b, user=grid_officer_a, capacity="member", start_date=date(2026, 1, 1), actor=bureau_admin
    )
    client.force_login(grid_officer_a)

    assert {e.name for e in client.get(reverse("enterprises:list")).context["page_obj"]} == {"企业X", "企业Y"}
    assert {h.pk for h in client.get(reverse("hazards:list")).context["page_obj"]} == {h.pk for h in hazards}
    assert client.get(reverse("enterprises:detail", args=[world.enterprise_y.pk])).status_code == 200
    assert can_verify(grid_officer_a, world.enterprise_y)

    grid_assignment_end(assignment=assignment, end_date=timezone.localdate(), actor=bureau_admin)

    assert {e.name for e in client.get(reverse("enterprises:list")).context["page_obj"]} == {"企业X"}
    assert {h.pk for h in client.get(reverse("hazards:list")).context["page_obj"]} == {hazards[0].pk}
    assert client.get(reverse("enterprises:detail", args=[world.enterprise_y.pk])).status_code == 404
    assert client.get(reverse("hazards:detail", args=[hazards[1].pk])).status_code == 404
    officer = type(grid_officer_a).objects.get(pk=grid_officer_a.pk)
    assert not can_verify(officer, world.enterprise_y)


def test_a_second_cell_costs_no_query(client, world, hazards, grid_officer_a, bureau_admin):
    client.force_login(grid_officer_a)
    one = counts(client, pages(world, hazards))
    grid_assign(
        cell=world.cell_b, user=grid_officer_a, capacity="member", start_date=date(2026, 1, 1), actor=bureau_admin
    )

    two = counts(client, pages(world, hazards))

    assert two == one
