"""A grid officer's ranking page: every town's score, but an enterprise (an accident's enterprise, its dossier link,
what happened) only inside the cells the officer holds; outside, the row shows 辖区外企业."""

from datetime import datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.assessment.permissions import OUTSIDE_ENTERPRISE, enterprises_detailed
from inspections.accidents.services import accident_report
from tests.assessment.builders import last_ended_quarter


@pytest.fixture
def accidents(world, staff):
    at = datetime.combine(last_ended_quarter().start, time(9), tzinfo=timezone.get_current_timezone())
    return {
        "x": accident_report(
            enterprise=world.enterprise_x, occurred_at=at, deaths=0, injuries=1, summary="X厂冲床压伤手指", actor=staff
        ),
        "y": accident_report(
            enterprise=world.enterprise_y, occurred_at=at, deaths=1, injuries=0, summary="Y厂高处坠落", actor=staff
        ),
    }


def accident_rows(client, user):
    client.force_login(user)
    response = client.get(reverse("rankings:detail", args=[last_ended_quarter().slug]))
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("officer", "own", "other"),
    [("grid_officer_a", "x", "y"), ("grid_officer_b", "y", "x")],
)
def test_an_officer_sees_the_enterprises_of_their_cells_only(request, client, world, accidents, officer, own, other):
    enterprises = {"x": world.enterprise_x, "y": world.enterprise_y}
    response = accident_rows(client, request.getfixturevalue(officer))
    body = response.content.decode()

    shown = {a.pk: a.detailed for a in response.context["accidents"]}
    assert shown == {accidents[own].pk: True, accidents[other].pk: False}
    assert enterprises[own].name in body and accidents[own].summary in body
    assert reverse("enterprises:detail", args=[enterprises[own].pk]) in body
    assert enterprises[other].name not in body and accidents[other].summary not in body
    assert reverse("enterprises:detail", args=[enterprises[other].pk]) not in body
    # The row stays, with its town and counts (what the town's score is made of).
    assert body.count(OUTSIDE_ENTERPRISE) == 1
    assert enterprises[other].town.name in body


@pytest.mark.parametrize("persona", ["staff", "inspector", "bureau_admin"])
def test_the_bureau_sees_every_enterprise(request, client, world, accidents, persona):
    body = accident_rows(client, request.getfixturevalue(persona)).content.decode()

    assert world.enterprise_x.name in body and world.enterprise_y.name in body
    assert OUTSIDE_ENTERPRISE not in body


def test_the_rule_follows_the_cells_held(world, grid_officer_a, enterprise_user_x):
    ids = {world.enterprise_x.pk, world.enterprise_y.pk}

    assert enterprises_detailed(grid_officer_a, ids) == {world.enterprise_x.pk}
    assert enterprises_detailed(grid_officer_a, set()) == set()
    assert enterprises_detailed(enterprise_user_x, {world.enterprise_y.pk}) == set()
