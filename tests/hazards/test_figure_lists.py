"""The hazard and self-check lists the dashboard's figures open (issue #15): each filter selects exactly what it
says, the one data-total is the number of rows the list selects, and each viewer sees only their own scope."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau.roles import Role
from enterprises.models import EnterpriseStatus
from hazards.models import Hazard, HazardOrigin, HazardStatus, SelfCheck
from tests.factories import make_cell, make_enterprise, make_hazard, make_user
from tests.totals import data_total

# "Today" in every test: 20 June 2026, Beijing time.
NOW = "2026-06-20 10:00 +0800"


@pytest.fixture(autouse=True)
def _june_2026():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def hazards(world, staff):
    """Four hazards of X (in A's subtree), two of Y (in B's), each named by what the filters should see in it."""

    def make(enterprise, **fields):
        return make_hazard(enterprise=enterprise, reported_by=staff, **fields)

    x, y = world.enterprise_x, world.enterprise_y
    return {
        "x_overdue": make(
            x,
            status=HazardStatus.REPORTED,
            source=HazardOrigin.SELF_CHECK,
            found_on=date(2026, 5, 1),
            rectification_deadline=date(2026, 6, 10),
        ),
        "x_rectifying": make(
            x,
            status=HazardStatus.RECTIFYING,
            source=HazardOrigin.INSPECTION,
            found_on=date(2026, 6, 1),
            rectification_deadline=date(2026, 7, 1),
        ),
        # Rectified but not yet closed: still open (未销号), and past its deadline, so overdue too.
        "x_rectified": make(
            x,
            status=HazardStatus.RECTIFIED,
            source=HazardOrigin.INSPECTION,
            found_on=date(2026, 5, 20),
            rectification_deadline=date(2026, 6, 15),
            rectified_on=date(2026, 6, 5),
        ),
        # Closed past its deadline: never overdue.
        "x_closed": make(
            x,
            status=HazardStatus.CLOSED,
            source=HazardOrigin.INSPECTION,
            found_on=date(2026, 3, 1),
            rectification_deadline=date(2026, 4, 1),
            rectified_on=date(2026, 4, 10),
        ),
        "y_closed": make(
            y,
            status=HazardStatus.CLOSED,
            source=HazardOrigin.INSPECTION,
            found_on=date(2026, 5, 15),
            rectification_deadline=date(2026, 5, 30),
            rectified_on=date(2026, 6, 1),
        ),
        "y_reported": make(
            y,
            status=HazardStatus.REPORTED,
            source=HazardOrigin.REPORT,
            found_on=date(2026, 6, 18),
            rectification_deadline=date(2026, 7, 10),
        ),
    }


def listed(client, hazards, params):
    """The names of the hazards the list shows, and its data-total."""
    response = client.get(reverse("hazards:list"), params)
    by_pk = {h.pk: name for name, h in hazards.items()}
    return sorted(by_pk[h.pk] for h in response.context["page_obj"]), data_total(response)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ["x_closed", "x_overdue", "x_rectified", "x_rectifying", "y_closed", "y_reported"]),
        ({"open": "1"}, ["x_overdue", "x_rectified", "x_rectifying", "y_reported"]),
        ({"rectified": "1"}, ["x_closed", "x_rectified", "y_closed"]),
        ({"overdue": "1"}, ["x_overdue", "x_rectified"]),
        ({"overdue": "0"}, ["x_closed", "x_rectifying", "y_closed", "y_reported"]),
        # Inclusive at both ends.
        ({"rectified_after": "2026-06-01"}, ["x_rectified", "y_closed"]),
        ({"rectified_before": "2026-06-01"}, ["x_closed", "y_closed"]),
        ({"rectified_after": "2026-06-01", "rectified_before": "2026-06-01"}, ["y_closed"]),
        ({"found_after": "2026-05-15", "found_before": "2026-06-01"}, ["x_rectified", "x_rectifying", "y_closed"]),
        # The dashboard's 查处各类隐患 / 已完成整改 links: inspection hazards found in the period, then rectified.
        (
            {"source": "inspection", "found_after": "2026-05-15", "found_before": "2026-06-01"},
            ["x_rectified", "x_rectifying", "y_closed"],
        ),
        (
            {"source": "inspection", "found_after": "2026-01-01", "found_before": "2026-06-20", "rectified": "1"},
            ["x_closed", "x_rectified", "y_closed"],
        ),
        ({"open": "1", "overdue": "1", "source": "self_check"}, ["x_overdue"]),
    ],
)
def test_each_filter_selects_exactly_its_hazards_and_the_total_counts_them(client, hazards, staff, params, expected):
    client.force_login(staff)

    names, total = listed(client, hazards, params)

    assert names == expected
    assert total == len(expected)


def test_overdue_selects_what_overdue_q_selects(client, hazards, staff):
    client.force_login(staff)

    names, total = listed(client, hazards, {"overdue": "1"})

    assert total == Hazard.objects.overdue().count() == 2
    assert {hazards[n].pk for n in names} == set(Hazard.objects.overdue().values_list("pk", flat=True))


def test_open_matches_the_open_queryset(client, hazards, staff):
    client.force_login(staff)

    _, total = listed(client, hazards, {"open": "1"})

    assert total == Hazard.objects.open().count() == 4


@pytest.mark.parametrize(
    ("persona", "params", "expected"),
    [
        ("enterprise_user_x", {}, ["x_closed", "x_overdue", "x_rectified", "x_rectifying"]),
        ("enterprise_user_x", {"open": "1"}, ["x_overdue", "x_rectified", "x_rectifying"]),
        ("enterprise_user_y", {"open": "1"}, ["y_reported"]),
        ("grid_officer_a", {"rectified": "1"}, ["x_closed", "x_rectified"]),
        ("grid_officer_b", {"overdue": "1"}, []),
        ("grid_officer_b", {"rectified_after": "2026-06-01"}, ["y_closed"]),
    ],
)
def test_each_viewer_counts_only_their_own_scope(client, hazards, request, persona, params, expected):
    client.force_login(request.getfixturevalue(persona))

    names, total = listed(client, hazards, params)

    assert names == expected
    assert total == len(expected)


def test_the_total_is_there_on_an_empty_list_and_counts_every_page(client, world, staff):
    client.force_login(staff)
    assert data_total(client.get(reverse("hazards:list"))) == 0

    Hazard.objects.bulk_create(
        Hazard(
            enterprise=world.enterprise_x,
            found_on=date(2026, 6, 1),
            location="仓库",
            description="堆放杂乱",
            category="site",
            subcategory="sites",
            rectification_deadline=date(2026, 6, 30),
            responsible_person="李四",
            reported_by=staff,
        )
        for _ in range(55)
    )
    response = client.get(reverse("hazards:list"), {"open": "1"})
    assert len(response.context["page_obj"]) == 50
    assert data_total(response) == 55


# Self-check pages ------------------------------------------------------------------------------------------------


def self_check(enterprise, user, year, month):
    return SelfCheck.objects.create(
        enterprise=enterprise, year=year, month=month, found_nothing=True, submitted_by=user
    )


def test_the_self_check_pages_each_carry_their_total(client, world, staff, enterprise_user_x, enterprise_user_y):
    self_check(world.enterprise_x, enterprise_user_x, 2026, 5)
    self_check(world.enterprise_x, enterprise_user_x, 2026, 4)
    self_check(world.enterprise_y, enterprise_user_y, 2026, 5)

    client.force_login(staff)
    assert data_total(client.get(reverse("self_checks:list"), {"year": 2026, "month": 5})) == 2
    assert data_total(client.get(reverse("self_checks:list"), {"year": 2026, "month": 4})) == 1
    # Not filed the first quarter's statistics: both.
    assert data_total(client.get(reverse("self_checks:statistics"), {"year": 2026, "quarter": 1})) == 2

    client.force_login(enterprise_user_x)
    assert data_total(client.get(reverse("self_checks:list"))) == 2
    assert data_total(client.get(reverse("self_checks:statistics"))) == 0


# 自查报送情况 (self_checks:coverage) -------------------------------------------------------------------------------


@pytest.fixture
def filings(world, staff):
    """X filed March 2026; Y filed December 2025; W (in A's subtree) filed May 2025 and May 2026; V (in A's subtree)
    never filed; Z (in A's subtree) filed in February 2026 but is closed, so is in no list."""
    village = make_cell(parent=world.cell_a)
    w = make_enterprise(grid_cell=village, name="企业W")
    make_enterprise(grid_cell=village, name="企业V")
    z = make_enterprise(grid_cell=village, name="企业Z", status=EnterpriseStatus.CLOSED)
    self_check(world.enterprise_x, staff, 2026, 3)
    self_check(world.enterprise_y, staff, 2025, 12)
    self_check(w, staff, 2025, 5)
    self_check(w, staff, 2026, 5)
    self_check(z, staff, 2026, 2)
    return world


def coverage(client, params=None):
    response = client.get(reverse("self_checks:coverage"), params or {})
    names = sorted(e.name for e in response.context["page_obj"])
    return names, data_total(response), response


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # Default: January of this year to this month.
        ({}, ["企业V", "企业W", "企业X", "企业Y"]),
        ({"filed": "1"}, ["企业W", "企业X"]),
        ({"filed": "0"}, ["企业V", "企业Y"]),
        ({"from_month": "2026-03", "to_month": "2026-03", "filed": "1"}, ["企业X"]),
        ({"from_month": "2026-04", "to_month": "2026-04", "filed": "1"}, []),
        # Across a new year, on the year and month columns: neither May counts for November to January.
        ({"from_month": "2025-11", "to_month": "2026-01", "filed": "1"}, ["企业Y"]),
        ({"from_month": "2025-11", "to_month": "2026-01", "filed": "0"}, ["企业V", "企业W", "企业X"]),
        ({"from_month": "2025-05", "to_month": "2025-12", "filed": "1"}, ["企业W", "企业Y"]),
        ({"from_month": "2025-01", "filed": "1"}, ["企业W", "企业X", "企业Y"]),
        ({"to_month": "2026-02", "filed": "1"}, []),
    ],
)
def test_coverage_lists_who_filed_in_the_month_range(client, filings, staff, params, expected):
    client.force_login(staff)

    names, total, response = coverage(client, params)

    assert names == expected
    assert total == len(expected)
    assert not response.context["form"].errors


def test_coverage_counts_filed_and_missing_in_one_go(client, filings, staff):
    client.force_login(staff)

    _, _, response = coverage(client)

    assert response.context["counts"] == {"all": 4, "filed": 2, "missing": 2}
    assert (response.context["start"], response.context["end"]) == (date(2026, 1, 1), date(2026, 6, 1))


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"from_month": "2026-13", "filed": "1"}, "月份应为“年-月”格式"),
        ({"to_month": "abc", "filed": "1"}, "月份应为“年-月”格式"),
        ({"from_month": "2026-1-1", "filed": "1"}, "月份应为“年-月”格式"),
        ({"from_month": "9999-01", "filed": "1"}, "月份应为“年-月”格式"),
        ({"from_month": "2026-05", "to_month": "2026-02", "filed": "1"}, "起始月份不能晚于截止月份"),
        # Only the start given, beyond this month (the end's default).
        ({"from_month": "2026-09", "filed": "1"}, "起始月份不能晚于截止月份"),
    ],
)
def test_a_bad_month_says_why_and_lists_the_default_range(client, filings, staff, params, error):
    client.force_login(staff)

    names, total, response = coverage(client, params)

    assert error in response.content.decode()
    assert "已按默认区间" in response.content.decode()
    assert (response.context["start"], response.context["end"]) == (date(2026, 1, 1), date(2026, 6, 1))
    # The valid filter still applies, over the default range.
    assert names == ["企业W", "企业X"]
    assert total == 2


def test_a_bad_filed_value_is_refused_but_the_range_stands(client, filings, staff):
    client.force_login(staff)

    names, total, response = coverage(client, {"from_month": "2025-12", "to_month": "2025-12", "filed": "maybe"})

    assert response.context["form"].has_error("filed")
    assert names == ["企业V", "企业W", "企业X", "企业Y"]
    assert total == 4
    assert response.context["start"] == date(2025, 12, 1)


def test_coverage_narrows_by_town(client, filings, staff):
    client.force_login(staff)

    names, total, _ = coverage(client, {"town": filings.town1.code})

    assert names == ["企业V", "企业W", "企业X"]
    assert total == 3


def test_coverage_is_scoped_to_the_viewer(client, filings, grid_officer_a, grid_officer_b, enterprise_user_x):
    client.force_login(grid_officer_a)
    assert coverage(client)[:2] == (["企业V", "企业W", "企业X"], 3)
    assert coverage(client, {"filed": "0"})[:2] == (["企业V"], 1)

    client.force_login(grid_officer_b)
    assert coverage(client, {"from_month": "2025-12"})[:2] == (["企业Y"], 1)

    client.force_login(enterprise_user_x)
    assert client.get(reverse("self_checks:coverage")).status_code == 403


def test_coverage_costs_the_same_queries_for_many_enterprises(client, world, staff, django_assert_max_num_queries):
    def add_enterprises(n):
        village = make_cell(parent=world.cell_a)
        for i in range(n):
            enterprise = make_enterprise(grid_cell=village)
            if i % 2:
                self_check(enterprise, staff, 2026, 2)

    url = reverse("self_checks:coverage")
    add_enterprises(2)
    client.force_login(staff)
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert data_total(client.get(url, {"filed": "1"})) == 1

    add_enterprises(18)
    with django_assert_max_num_queries(len(small)):
        response = client.get(url, {"filed": "1"})
    assert data_total(response) == 10


def test_the_self_check_overview_links_to_coverage(client, world, staff):
    client.force_login(staff)

    response = client.get(reverse("self_checks:list"))

    assert reverse("self_checks:coverage") in response.content.decode()


def test_an_enterprise_user_is_not_offered_coverage(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = client.get(reverse("self_checks:list"))

    assert reverse("self_checks:coverage") not in response.content.decode()


def test_a_grid_officer_holding_no_cell_sees_none(client, world):
    officer = make_user(Role.GRID_OFFICER)
    client.force_login(officer)

    assert coverage(client)[:2] == ([], 0)
