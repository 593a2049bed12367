"""The enterprise lists the dashboard's figures open (issue #15): the registry (在册), the due list and the major
hazard source register (重大危险源单位), one row per unit in the one state of its automation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Enterprise, EnterpriseStatus, MajorHazardSource
from enterprises.permissions import visible_enterprises
from enterprises.sources import STATE_ORDER, source_units, unit_state_counts, unit_state_q
from tests.factories import make_cell, make_enterprise
from tests.totals import data_total

NONE, INSTALLING, ACCEPTED = (
    MajorHazardSource.ControlSystem.NONE,
    MajorHazardSource.ControlSystem.INSTALLING,
    MajorHazardSource.ControlSystem.ACCEPTED,
)


def add_sources(enterprise, *states):
    for n, state in enumerate(states, 1):
        MajorHazardSource.objects.create(
            enterprise=enterprise, name=f"储罐{n}", level=(n % 4) + 1, control_system=state
        )


@pytest.fixture
def units(world):
    """X (accepted + installing → 安装中) and U (accepted + none + installing → 未安装) in A's subtree, with T (no
    source) and C (closed); Y (all accepted → 已验收) and S (suspended, none → 未安装) in B's."""
    village_a, village_b = make_cell(parent=world.cell_a), make_cell(parent=world.cell_b)
    u = make_enterprise(grid_cell=village_a, name="企业U")
    make_enterprise(grid_cell=village_a, name="企业T")
    c = make_enterprise(grid_cell=village_a, name="企业C", status=EnterpriseStatus.CLOSED)
    s = make_enterprise(grid_cell=village_b, name="企业S", status=EnterpriseStatus.SUSPENDED)
    add_sources(world.enterprise_x, ACCEPTED, INSTALLING)
    add_sources(world.enterprise_y, ACCEPTED, ACCEPTED)
    add_sources(u, ACCEPTED, NONE, INSTALLING)
    add_sources(c, ACCEPTED)
    add_sources(s, NONE)
    return world


def register(client, params=None):
    response = client.get(reverse("enterprises:sources"), params or {})
    return sorted(e.name for e in response.context["page_obj"]), data_total(response), response


# The unit state (enterprises/sources.py) ------------------------------------------------------------------------


def test_a_unit_is_in_the_least_advanced_state_of_its_sources(units):
    states = dict(source_units(Enterprise.objects.all()).values_list("name", "control_state"))

    assert states == {"企业X": "installing", "企业Y": "accepted", "企业U": "none", "企业S": "none"}


def test_each_unit_is_in_exactly_one_state(units):
    units_qs = source_units(Enterprise.objects.all())
    for unit in units_qs:
        matching = [s for s in STATE_ORDER if units_qs.filter(unit_state_q(s), pk=unit.pk).exists()]
        assert matching == [unit.control_state]
    # An enterprise without sources is in none of them.
    assert not any(Enterprise.objects.filter(unit_state_q(s), name="企业T").exists() for s in STATE_ORDER)


def test_the_counts_by_state_cover_each_unit_once(units, grid_officer_a):
    # C (closed, accepted) and T (no source) are in no count.
    assert unit_state_counts(Enterprise.objects.all()) == {"none": 2, "installing": 1, "accepted": 1}
    assert unit_state_counts(visible_enterprises(grid_officer_a)) == {"none": 1, "installing": 1, "accepted": 0}


def test_a_unit_changes_state_as_its_last_source_moves(units):
    x = units.enterprise_x
    MajorHazardSource.objects.filter(enterprise=x).update(control_system=ACCEPTED)

    assert source_units(Enterprise.objects.filter(pk=x.pk)).get().control_state == ACCEPTED


# The register (enterprises:sources) -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["企业S", "企业U", "企业X", "企业Y"]),
        ({"control": "none"}, ["企业S", "企业U"]),
        ({"control": "installing"}, ["企业X"]),
        ({"control": "accepted"}, ["企业Y"]),
        ({"q": "企业X"}, ["企业X"]),
        ({"q": "企业"}, ["企业S", "企业U", "企业X", "企业Y"]),
    ],
)
def test_the_register_lists_each_unit_once_by_its_state(client, units, staff, params, expected):
    client.force_login(staff)

    names, total, _ = register(client, params)

    assert names == expected
    assert total == len(expected)


def test_the_register_finds_a_unit_by_credit_code_and_town(client, units, staff):
    client.force_login(staff)

    assert register(client, {"q": units.enterprise_y.credit_code.lower()})[:2] == (["企业Y"], 1)
    assert register(client, {"town": units.town1.code})[:2] == (["企业U", "企业X"], 2)
    assert register(client, {"town": units.town1.code, "control": "none"})[:2] == (["企业U"], 1)


def test_the_register_counts_units_by_state_summing_to_the_total(client, units, staff):
    client.force_login(staff)

    _, total, response = register(client)

    assert response.context["state_counts"] == [
        ("none", "未安装", 2),
        ("installing", "安装中", 1),
        ("accepted", "已验收", 1),
    ]
    assert total == 4


def test_a_unit_shows_all_its_sources_in_one_row(client, units, staff):
    client.force_login(staff)

    _, _, response = register(client, {"q": "企业U"})

    (unit,) = response.context["page_obj"]
    assert [s.control_system for s in unit.major_hazard_sources.all()] == [ACCEPTED, NONE, INSTALLING]
    html = response.content.decode()
    assert html.count("储罐") == 3


@pytest.mark.parametrize(
    ("persona", "params", "expected"),
    [
        ("grid_officer_a", {}, ["企业U", "企业X"]),
        ("grid_officer_a", {"control": "none"}, ["企业U"]),
        ("grid_officer_b", {}, ["企业S", "企业Y"]),
        ("grid_officer_b", {"control": "installing"}, []),
        ("inspector", {"control": "accepted"}, ["企业Y"]),
    ],
)
def test_the_register_is_scoped_to_the_viewer(client, units, request, persona, params, expected):
    client.force_login(request.getfixturevalue(persona))

    names, total, _ = register(client, params)

    assert names == expected
    assert total == len(expected)


def test_an_enterprise_user_may_not_read_the_register(client, units, enterprise_user_x):
    client.force_login(enterprise_user_x)

    assert client.get(reverse("enterprises:sources")).status_code == 403


def test_the_register_costs_the_same_queries_for_many_units(client, world, staff, django_assert_max_num_queries):
    def add_units(n):
        village = make_cell(parent=world.cell_a)
        for _ in range(n):
            add_sources(make_enterprise(grid_cell=village), ACCEPTED, INSTALLING)

    url = reverse("enterprises:sources")
    add_units(2)
    client.force_login(staff)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert data_total(client.get(url)) == 2

    add_units(18)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url, {"control": "installing"})
    assert data_total(response) == 20


def test_the_registry_links_to_the_register(client, world, staff):
    client.force_login(staff)

    assert reverse("enterprises:sources") in client.get(reverse("enterprises:list")).content.decode()


# The registry list (在册) and the due list -------------------------------------------------------------------------


def test_in_registry_is_every_enterprise_not_closed(client, units, staff):
    client.force_login(staff)

    response = client.get(reverse("enterprises:list"), {"in_registry": "1"})

    names = sorted(e.name for e in response.context["page_obj"])
    assert names == ["企业S", "企业T", "企业U", "企业X", "企业Y"]
    assert data_total(response) == 5 == Enterprise.objects.operating().count()
    assert data_total(client.get(reverse("enterprises:list"))) == 6


def test_the_cached_registry_body_keeps_its_total(client, units, staff, settings):
    settings.REGISTRY_LIST_CACHE = True
    client.force_login(staff)
    url = reverse("enterprises:list")

    first = data_total(client.get(url, {"in_registry": "1"}))
    with CaptureQueriesContext(connection) as cached:
        second = data_total(client.get(url, {"in_registry": "1"}))

    assert first == second == 5
    # Served from the cache: no enterprise was counted the second time.
    assert not any("enterprises_enterprise" in q["sql"] for q in cached.captured_queries)


def test_in_registry_within_a_grid_officers_scope(client, units, grid_officer_a):
    client.force_login(grid_officer_a)

    assert data_total(client.get(reverse("enterprises:list"), {"in_registry": "1"})) == 3  # X, U, T; not C


def test_the_due_list_carries_its_total(client, units, staff, grid_officer_b):
    # Nobody was ever inspected: every enterprise not closed is due.
    client.force_login(staff)
    assert data_total(client.get(reverse("enterprises:due"))) == 5

    client.force_login(grid_officer_b)
    assert data_total(client.get(reverse("enterprises:due"))) == 2
