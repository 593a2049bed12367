"""The major hazards board: every number a figure whose list counts the same; scoped like the hazard list; its
queries do not grow with the hazards."""

import re
from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hazards.listing import listing_create
from hazards.models import MAJOR_PLAN_FIELDS, HazardStatus
from tests.factories import make_cell, make_enterprise, make_hazard

PLAN = dict.fromkeys(MAJOR_PLAN_FIELDS, "按方案治理")
FIGURE = re.compile(r'href="([^"]+)" data-figure="([^"]+)" data-value="([^"]+)"')
TOTAL = re.compile(r'data-total="([^"]+)"')


def major(enterprise, user, days_ago=5, **fields):
    today = timezone.localdate()
    return make_hazard(
        enterprise=enterprise,
        reported_by=user,
        level="major",
        found_on=today - timedelta(days=days_ago),
        rectification_deadline=today + timedelta(days=30),
        **PLAN,
        **fields,
    )


def some_major_hazards(world, staff):
    listed = major(world.enterprise_x, staff, days_ago=10)
    listing_create(
        hazard=listed,
        actor=staff,
        level="city",
        leader_name="林志远",
        leader_post="副局长",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    major(world.enterprise_x, staff, days_ago=45)
    major(world.enterprise_y, staff, days_ago=120)
    major(world.enterprise_y, staff, days_ago=200, status=HazardStatus.CLOSED, closed_at=timezone.now())
    make_hazard(enterprise=world.enterprise_y, reported_by=staff)  # general: never on the board


def board_figures(client):
    page = client.get(reverse("major_hazards:board")).content.decode()
    return [(href.replace("&amp;", "&"), key, value) for href, key, value in FIGURE.findall(page)]


def test_every_number_on_the_board_opens_a_list_with_the_same_total(client, world, staff):
    some_major_hazards(world, staff)
    client.force_login(staff)

    figures = board_figures(client)

    keys = {key for _, key, _ in figures}
    assert {"major_hazards.open", "major_hazards.age_gt90", "major_hazards.open_at_end", "major_hazards.closed"} <= keys
    wrong = []
    for href, key, value in figures:
        totals = TOTAL.findall(client.get(href).content.decode())
        if totals != [value]:
            wrong.append(f"{key}={value} → {href} {totals}")
    assert not wrong, "\n".join(wrong)
    values = {key: value for _, key, value in figures if "town" not in _ and "industry" not in _}
    assert values["major_hazards.open"] == "3" and values["major_hazards.listed"] == "1"
    assert (values["major_hazards.open_listed"], values["major_hazards.open_unlisted"]) == ("1", "2")
    assert [values[f"major_hazards.age_{b}"] for b in ("le30", "31_90", "gt90")] == ["1", "1", "1"]


def test_a_grid_officer_sees_their_cells_only(client, world, staff, grid_officer_a):
    some_major_hazards(world, staff)
    client.force_login(grid_officer_a)

    figures = board_figures(client)

    values = {key: value for href, key, value in figures if "town=" not in href and "industry=" not in href}
    assert values["major_hazards.open"] == "2"  # enterprise X's, not Y's
    assert "飞云街道" not in client.get(reverse("major_hazards:board")).content.decode()


def test_the_hazard_lists_new_filters_refuse_what_they_do_not_offer(client, world, staff):
    some_major_hazards(world, staff)
    client.force_login(staff)
    for params in ({"listed": "2"}, {"age": "old"}, {"industry": "nope"}, {"open_on": "2026-02-30"}):
        response = client.get(reverse("hazards:list"), params)
        assert response.status_code == 200
        assert "is-invalid" in response.content.decode() or "invalid-feedback" in response.content.decode(), params


def test_the_boards_queries_do_not_grow_with_the_hazards(client, world, staff):
    some_major_hazards(world, staff)
    client.force_login(staff)
    client.get(reverse("major_hazards:board"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("major_hazards:board"))

    town3 = make_cell(parent=world.city, name="塘下镇")
    village = make_cell(parent=make_cell(parent=town3))
    for n in range(12):
        enterprise = make_enterprise(grid_cell=village, industry=["shoes", "chemicals", "other"][n % 3])
        major(enterprise, staff, days_ago=n * 20)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("major_hazards:board")).content.decode()

    assert "塘下镇" in page
    assert len(many) <= len(few), [q["sql"][:120] for q in many.captured_queries]


def test_the_listing_list_counts_what_its_filters_select(client, world, staff):
    some_major_hazards(world, staff)
    client.force_login(staff)

    for params, total in (({}, "1"), ({"status": "active"}, "1"), ({"overdue": "1"}, "0"), ({"overdue": "0"}, "1")):
        page = client.get(reverse("major_hazards:listings"), params).content.decode()
        assert TOTAL.findall(page) == [total], params
