from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau.quarters import Quarter
from bureau.roles import Role
from hazards.models import Hazard, HazardLevel, HazardOrigin, HazardStatus, QuarterlyStatistics
from hazards.self_checks import (
    is_on_time,
    statistics_due_date,
    statistics_figures,
    statistics_filing,
    statistics_submit,
)
from tests.factories import make_enterprise, make_user

# "Today" in most tests: 10 July 2026, Beijing time: the second quarter is over, its statistics due on 15 July.
NOW = "2026-07-10 10:00 +0800"


@pytest.fixture(autouse=True)
def _july_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def hazard(enterprise, reporter, found_on, level=HazardLevel.GENERAL, status=HazardStatus.REPORTED, funds=None):
    return Hazard.objects.create(
        enterprise=enterprise,
        source=HazardOrigin.SELF_CHECK,
        found_on=found_on,
        location="配电房",
        description="电缆老化",
        category="site",
        subcategory="equipment",
        level=level,
        rectification_deadline=found_on + timedelta(days=30),
        responsible_person="陈立新",
        reported_by=reporter,
        status=status,
        funds=funds,
    )


def file(user, enterprise, year=2026, quarter=2, note=""):
    return statistics_submit(enterprise=enterprise, year=year, quarter=quarter, note=note, actor=user)


def last_message(response):
    return [str(m) for m in get_messages(response.wsgi_request)][-1]


@pytest.fixture
def second_quarter_of_x(world, enterprise_user_x, staff):
    """X's hazards: five in the second quarter, one either side of it; and one of Y's."""
    x = world.enterprise_x
    hazard(x, enterprise_user_x, date(2026, 4, 1), funds=Decimal("100"))
    hazard(x, enterprise_user_x, date(2026, 5, 15), status=HazardStatus.RECTIFIED, funds=Decimal("200.50"))
    hazard(x, staff, date(2026, 6, 30), status=HazardStatus.CLOSED)
    hazard(x, staff, date(2026, 5, 2), level=HazardLevel.MAJOR, status=HazardStatus.RECTIFYING, funds=Decimal("5000"))
    hazard(x, staff, date(2026, 6, 1), level=HazardLevel.MAJOR, status=HazardStatus.CLOSED, funds=Decimal("1000"))
    hazard(x, staff, date(2026, 3, 31), status=HazardStatus.CLOSED, funds=Decimal("9"))
    hazard(x, staff, date(2026, 7, 1), level=HazardLevel.MAJOR, funds=Decimal("9"))
    hazard(world.enterprise_y, staff, date(2026, 5, 5), status=HazardStatus.CLOSED, funds=Decimal("9"))
    return x


EXPECTED = {
    "general_found": 3,
    "general_rectified": 2,
    "major_found": 2,
    "major_rectified": 1,
    "funds": Decimal("6300.50"),
}


# The figures and the rules ---------------------------------------------------------------------------------------


def test_the_figures_are_counted_from_the_quarters_hazards_in_one_query(second_quarter_of_x, django_assert_num_queries):
    with django_assert_num_queries(1):
        figures = statistics_figures(second_quarter_of_x, 2026, 2)

    assert figures == EXPECTED


def test_a_quarter_without_hazards_counts_zero_and_no_funds(world):
    assert statistics_figures(world.enterprise_x, 2026, 2) == {
        "general_found": 0,
        "general_rectified": 0,
        "major_found": 0,
        "major_rectified": 0,
        "funds": Decimal("0"),
    }


def test_filing_freezes_the_figures(second_quarter_of_x, enterprise_user_x):
    stat = file(enterprise_user_x, second_quarter_of_x, note="本季度隐患均已上报")
    hazard(second_quarter_of_x, enterprise_user_x, date(2026, 6, 15), level=HazardLevel.MAJOR, funds=Decimal("1"))

    stat.refresh_from_db()
    assert {name: getattr(stat, name) for name in EXPECTED} == EXPECTED
    assert (stat.submitted_by, stat.note) == (enterprise_user_x, "本季度隐患均已上报")
    assert statistics_figures(second_quarter_of_x, 2026, 2)["major_found"] == 3


def test_a_quarter_that_has_not_ended_is_refused(world, enterprise_user_x):
    with pytest.raises(ValidationError) as excinfo:
        file(enterprise_user_x, world.enterprise_x, year=2026, quarter=3)

    assert excinfo.value.messages == ["2026年第3季度尚未结束，季度结束后才能报送。"]
    assert not QuarterlyStatistics.objects.exists()


@time_machine.travel("2026-06-30 23:00 +0800", tick=False)
def test_the_last_day_of_the_quarter_is_still_inside_it(world, enterprise_user_x):
    with pytest.raises(ValidationError):
        file(enterprise_user_x, world.enterprise_x, year=2026, quarter=2)
    assert Quarter.last_ended(timezone.localdate()) == Quarter(2026, 1)


def test_a_second_filing_for_the_quarter_is_refused(world, enterprise_user_x):
    first = file(enterprise_user_x, world.enterprise_x)

    with pytest.raises(ValidationError) as excinfo:
        file(enterprise_user_x, world.enterprise_x, note="再报一次")

    assert excinfo.value.messages == ["本单位该季度统计已报送。"]
    assert list(QuarterlyStatistics.objects.all()) == [first]


@pytest.mark.parametrize("persona", ["bureau_admin", "staff", "inspector", "grid_officer_a", "enterprise_user_y"])
def test_only_the_enterprises_own_user_files_its_statistics(request, world, persona):
    with pytest.raises(PermissionDenied):
        file(request.getfixturevalue(persona), world.enterprise_x)

    assert not QuarterlyStatistics.objects.exists()


@pytest.mark.parametrize(
    ("year", "quarter", "due"),
    [
        (2026, 1, date(2026, 4, 15)),
        (2026, 2, date(2026, 7, 15)),
        (2026, 3, date(2026, 10, 15)),
        (2026, 4, date(2027, 1, 15)),
    ],
)
def test_due_on_the_15th_of_the_month_after_the_quarter(year, quarter, due):
    assert statistics_due_date(Quarter(year, quarter)) == due


def test_on_time_until_the_end_of_the_15th_local_time_then_late(world, enterprise_user_x, enterprise_user_y, staff):
    with time_machine.travel("2026-07-15 23:59 +0800", tick=False):
        on_time = file(enterprise_user_x, world.enterprise_x)
    with time_machine.travel("2026-07-16 00:01 +0800", tick=False):  # still the 15th in UTC
        late = file(enterprise_user_y, world.enterprise_y)

    assert is_on_time(on_time)
    assert not is_on_time(late)
    rows, total = statistics_filing(staff, 2026, 2)
    assert [(r.town.name, r.enterprises, r.filed, r.late, r.missing) for r in rows] == [
        ("仙降街道", 1, 1, 0, 0),
        ("飞云街道", 1, 1, 1, 0),
    ]
    assert (total.filed, total.late) == (2, 1)


# The pages -------------------------------------------------------------------------------------------------------


def test_the_enterprise_reviews_last_quarters_figures_then_files(client, second_quarter_of_x, enterprise_user_x):
    client.force_login(enterprise_user_x)
    url = reverse("self_checks:statistics")

    page = client.get(url)
    assert (page.context["year"], page.context["quarter"]) == (2026, 2)
    assert page.context["figures"] == EXPECTED
    assert page.context["submit_form"] is not None
    assert "6300.50" in page.content.decode()

    response = client.post(reverse("self_checks:statistics_submit"), {"year": "2026", "quarter": "2", "note": "无"})

    assert response.status_code == 302 and response.url == f"{url}?year=2026&quarter=2"
    assert last_message(response) == "已报送2026年第2季度隐患统计。"
    after = client.get(url)
    assert after.context["submit_form"] is None
    assert after.context["filed"].general_found == 3
    assert [(s.quarter, s.on_time) for s in after.context["past"]] == [(2, True)]


def test_a_late_filing_says_so(client, world, enterprise_user_x):
    with time_machine.travel("2026-08-01 09:00 +0800", tick=False):
        client.force_login(enterprise_user_x)
        response = client.post(reverse("self_checks:statistics_submit"), {"year": "2026", "quarter": "2"})
        page = client.get(reverse("self_checks:statistics"))

    assert last_message(response) == "已报送2026年第2季度隐患统计（已超过报送期限 2026-07-15）。"
    assert [s.on_time for s in page.context["past"]] == [False]
    assert "逾期" in page.content.decode()


def test_refusals_come_back_as_chinese_messages_and_save_nothing(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)
    url = reverse("self_checks:statistics_submit")

    not_ended = client.post(url, {"year": "2026", "quarter": "3"})
    bad_quarter = client.post(url, {"year": "2026", "quarter": "5"})
    no_year = client.post(url, {"quarter": "1"})

    assert all(r.status_code == 302 for r in (not_ended, bad_quarter, no_year))
    assert last_message(not_ended) == "季度统计未报送：2026年第3季度尚未结束，季度结束后才能报送。"
    assert last_message(bad_quarter).startswith("季度统计未报送：季度：")
    assert last_message(no_year) == "季度统计未报送：年度：请填写年度。"
    assert not QuarterlyStatistics.objects.exists()


def test_a_quarter_not_yet_over_shows_figures_but_no_button(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    page = client.get(reverse("self_checks:statistics"), {"year": "2026", "quarter": "3"})

    assert page.context["ended"] is False
    assert page.context["submit_form"] is None
    assert "本季度尚未结束" in page.content.decode()


@pytest.mark.parametrize("persona", ["staff", "inspector", "grid_officer_a"])
def test_only_enterprise_users_may_post_statistics(request, client, world, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("self_checks:statistics_submit"), {"year": "2026", "quarter": "2"})

    assert response.status_code == 403
    assert not QuarterlyStatistics.objects.exists()


def test_an_enterprise_sees_only_its_own_filings(client, world, enterprise_user_x, enterprise_user_y):
    file(enterprise_user_x, world.enterprise_x)
    client.force_login(enterprise_user_y)

    page = client.get(reverse("self_checks:statistics"))

    assert page.context["past"] == []
    assert page.context["filed"] is None
    assert page.context["enterprise"] == world.enterprise_y


def test_the_bureau_sees_who_has_not_filed_by_town(client, world, enterprise_user_x, staff):
    also_in_town1 = make_enterprise(grid_cell=world.village_a, name="仙降未报企业")
    file(enterprise_user_x, world.enterprise_x)
    client.force_login(staff)

    response = client.get(reverse("self_checks:statistics"), {"year": "2026", "quarter": "2"})

    rows = [(r.town.name, r.enterprises, r.filed, r.missing) for r in response.context["rows"]]
    assert rows == [("仙降街道", 2, 1, 1), ("飞云街道", 1, 0, 1)]
    assert [e.name for e in response.context["page_obj"]] == [also_in_town1.name, "企业Y"]
    body = response.content.decode()
    assert reverse("enterprises:detail", args=[world.enterprise_y.pk]) in body
    assert reverse("enterprises:detail", args=[world.enterprise_x.pk]) not in body


def test_a_grid_officer_sees_only_the_cells_enterprises(client, world, grid_officer_a):
    client.force_login(grid_officer_a)

    response = client.get(reverse("self_checks:statistics"))

    assert [e.name for e in response.context["page_obj"]] == ["企业X"]
    assert [r.town for r in response.context["rows"]] == [world.town1]


def test_the_not_filed_list_is_paginated(client, world, staff):
    for _ in range(55):
        make_enterprise(grid_cell=world.village_b)
    client.force_login(staff)

    first = client.get(reverse("self_checks:statistics"), {"year": "2026", "quarter": "2"})
    second = client.get(reverse("self_checks:statistics"), {"year": "2026", "quarter": "2", "page": "2"})

    assert first.context["page_obj"].paginator.count == 57
    assert len(first.context["page_obj"]) == 50 and len(second.context["page_obj"]) == 7
    assert "year=2026&amp;quarter=2&amp;page=2" in first.content.decode()


def test_a_user_without_a_role_is_refused(client, world):
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("nobody", password="x")
    client.force_login(nobody)

    assert client.get(reverse("self_checks:statistics")).status_code == 403
    assert client.get(reverse("self_checks:list")).status_code == 403


def test_an_enterprise_user_files_for_its_own_enterprise_only(client, world):
    user = make_user(Role.ENTERPRISE, enterprise=world.enterprise_y)
    client.force_login(user)

    client.post(reverse("self_checks:statistics_submit"), {"year": "2026", "quarter": "2"})

    assert list(QuarterlyStatistics.objects.values_list("enterprise", flat=True)) == [world.enterprise_y.pk]
