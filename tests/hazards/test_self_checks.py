from datetime import date, timedelta

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.demo.self_checks import seed_self_checks
from bureau.navigation import nav_for
from bureau.roles import Role
from enterprises.models import EnterpriseStatus
from hazards.models import Hazard, HazardLevel, HazardOrigin, HazardStatus, QuarterlyStatistics, SelfCheck
from hazards.self_checks import NOTHING_TO_LINK, is_on_time, self_check_coverage, self_check_submit, statistics_figures
from tests.factories import make_cell, make_enterprise, make_user

# "Today" in every test: 20 June 2026, Beijing time.
NOW = "2026-06-20 10:00 +0800"


@pytest.fixture(autouse=True)
def _june_2026():
    with time_machine.travel(NOW, tick=False):
        yield


def hazard(enterprise, reporter, found_on, *, source=HazardOrigin.SELF_CHECK, **fields):
    values = {
        "location": "喷涂车间",
        "description": "通风设施损坏",
        "category": "site",
        "subcategory": "equipment",
        "level": HazardLevel.GENERAL,
        "rectification_deadline": found_on + timedelta(days=15),
        "responsible_person": "王建国",
        "status": HazardStatus.REPORTED,
        "funds": None,
        **fields,
    }
    return Hazard.objects.create(
        enterprise=enterprise, found_on=found_on, source=source, reported_by=reporter, **values
    )


def submit(user, enterprise, year=2026, month=5, found_nothing=False, note=""):
    return self_check_submit(
        enterprise=enterprise, year=year, month=month, found_nothing=found_nothing, note=note, actor=user
    )


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def last_message(response):
    """Unread messages pile up across redirects not followed: the newest is this response's."""
    return messages_of(response)[-1]


# The rules -------------------------------------------------------------------------------------------------------


def test_a_month_with_nothing_found_counts_as_a_self_check(world, enterprise_user_x, staff):
    self_check = submit(enterprise_user_x, world.enterprise_x, found_nothing=True, note="逐项检查，未发现隐患")

    assert (self_check.year, self_check.month, self_check.found_nothing) == (2026, 5, True)
    assert self_check.submitted_by == enterprise_user_x
    assert not self_check.hazards.exists()
    rows, total = self_check_coverage(staff, 2026, 5)
    assert (total.enterprises, total.filed) == (2, 1)


def test_it_gathers_the_hazards_self_reported_in_that_month(world, enterprise_user_x, staff):
    x, y = world.enterprise_x, world.enterprise_y
    first_of_may = hazard(x, enterprise_user_x, date(2026, 5, 1))
    end_of_may = hazard(x, enterprise_user_x, date(2026, 5, 31), level=HazardLevel.MAJOR)
    found_by_inspector = hazard(x, staff, date(2026, 5, 10), source=HazardOrigin.INSPECTION)
    april = hazard(x, enterprise_user_x, date(2026, 4, 30))
    june = hazard(x, enterprise_user_x, date(2026, 6, 1))
    of_y = hazard(y, staff, date(2026, 5, 10))

    self_check = submit(enterprise_user_x, x, note="发现两项")

    assert set(self_check.hazards.all()) == {first_of_may, end_of_may}
    for other in (found_by_inspector, april, june, of_y):
        other.refresh_from_db()
        assert other.self_check is None


def test_nothing_to_gather_and_nothing_ticked_is_refused_and_nothing_saved(world, enterprise_user_x, staff):
    hazard(world.enterprise_x, staff, date(2026, 5, 3), source=HazardOrigin.INSPECTION)

    with pytest.raises(ValidationError) as excinfo:
        submit(enterprise_user_x, world.enterprise_x, found_nothing=False)

    assert excinfo.value.messages == ["本期没有自查上报的隐患，如确未发现隐患请勾选“本期未发现隐患”"]
    assert not SelfCheck.objects.exists()


def test_ticking_nothing_found_with_hazards_reported_is_refused(world, enterprise_user_x):
    reported = hazard(world.enterprise_x, enterprise_user_x, date(2026, 5, 3))

    with pytest.raises(ValidationError) as excinfo:
        submit(enterprise_user_x, world.enterprise_x, found_nothing=True)

    assert "本期已自查上报隐患 1 项" in excinfo.value.messages[0]
    assert not SelfCheck.objects.exists()
    reported.refresh_from_db()
    assert reported.self_check is None


def test_a_future_month_is_refused_but_the_current_one_is_not(world, enterprise_user_x):
    with pytest.raises(ValidationError) as excinfo:
        submit(enterprise_user_x, world.enterprise_x, year=2026, month=7, found_nothing=True)
    assert excinfo.value.messages == ["不能提交未来月份的自查。"]
    assert not SelfCheck.objects.exists()

    submit(enterprise_user_x, world.enterprise_x, year=2026, month=6, found_nothing=True)
    assert SelfCheck.objects.filter(year=2026, month=6).count() == 1


def test_a_second_self_check_for_the_same_month_is_refused(world, enterprise_user_x):
    first = submit(enterprise_user_x, world.enterprise_x, found_nothing=True)
    later = hazard(world.enterprise_x, enterprise_user_x, date(2026, 5, 20))

    with pytest.raises(ValidationError) as excinfo:
        submit(enterprise_user_x, world.enterprise_x, found_nothing=False)

    assert excinfo.value.messages == ["本单位该月已提交自查。"]
    assert list(SelfCheck.objects.all()) == [first]
    later.refresh_from_db()
    assert later.self_check is None


@pytest.mark.parametrize(
    "persona", ["bureau_admin", "staff", "inspector", "grid_officer_a", "grid_officer_b", "enterprise_user_y"]
)
def test_only_the_enterprises_own_user_files_its_self_check(request, world, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        submit(user, world.enterprise_x, found_nothing=True)

    assert not SelfCheck.objects.exists()


# The pages -------------------------------------------------------------------------------------------------------


def test_the_enterprise_files_from_its_page(client, world, enterprise_user_x):
    reported = hazard(world.enterprise_x, enterprise_user_x, date(2026, 6, 2))
    client.force_login(enterprise_user_x)

    page = client.get(reverse("self_checks:list"))
    assert page.context["form"].initial == {"year": 2026, "month": 6}
    assert page.context["pending_this_month"] == 1

    response = client.post(reverse("self_checks:submit"), {"year": "2026", "month": "6", "note": "车间自查"})

    assert response.status_code == 302 and response.url == reverse("self_checks:list")
    assert messages_of(response) == ["已提交2026年6月自查，纳入本期自查上报的隐患 1 项。"]
    reported.refresh_from_db()
    assert reported.self_check.enterprise == world.enterprise_x
    listed = client.get(reverse("self_checks:list")).context["page_obj"]
    assert [(s.month, s.hazard_count) for s in listed] == [(6, 1)]


def test_refusals_come_back_as_chinese_messages_and_save_nothing(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)
    url = reverse("self_checks:submit")

    nothing = client.post(url, {"year": "2026", "month": "5"})
    bad_month = client.post(url, {"year": "2026", "month": "13", "found_nothing": "on"})
    bad_year = client.post(url, {"year": "二〇二六年", "month": "5", "found_nothing": "on"})
    future = client.post(url, {"year": "2027", "month": "1", "found_nothing": "on"})

    assert all(r.status_code == 302 for r in (nothing, bad_month, bad_year, future))
    assert last_message(nothing) == "自查未提交：" + NOTHING_TO_LINK
    assert last_message(bad_month).startswith("自查未提交：月份：")
    assert last_message(bad_year) == "自查未提交：年度：年度应为四位数字。"
    assert last_message(future) == "自查未提交：不能提交未来月份的自查。"
    assert not SelfCheck.objects.exists()


@pytest.mark.parametrize("persona", ["staff", "inspector", "grid_officer_a"])
def test_only_enterprise_users_may_post_a_self_check(request, client, world, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("self_checks:submit"), {"year": "2026", "month": "5", "found_nothing": "on"})

    assert response.status_code == 403
    assert not SelfCheck.objects.exists()


def test_another_enterprises_self_check_is_out_of_reach(client, world, enterprise_user_x, enterprise_user_y):
    of_x = submit(enterprise_user_x, world.enterprise_x, found_nothing=True)
    client.force_login(enterprise_user_y)

    assert client.get(reverse("self_checks:detail", args=[of_x.pk])).status_code == 404
    assert list(client.get(reverse("self_checks:list")).context["page_obj"]) == []

    client.force_login(enterprise_user_x)
    assert client.get(reverse("self_checks:detail", args=[of_x.pk])).status_code == 200


def test_a_grid_officer_sees_only_the_self_checks_of_the_cell(
    client, world, enterprise_user_x, enterprise_user_y, grid_officer_a, grid_officer_b
):
    of_x = submit(enterprise_user_x, world.enterprise_x, found_nothing=True)
    of_y = submit(enterprise_user_y, world.enterprise_y, found_nothing=True)
    period = {"year": 2026, "month": 5}

    client.force_login(grid_officer_b)
    response = client.get(reverse("self_checks:list"), period)
    assert list(response.context["page_obj"]) == [of_y]
    assert [row.town for row in response.context["coverage"]] == [world.town2]
    assert client.get(reverse("self_checks:detail", args=[of_x.pk])).status_code == 404

    client.force_login(grid_officer_a)
    assert list(client.get(reverse("self_checks:list"), period).context["page_obj"]) == [of_x]
    assert client.get(reverse("self_checks:detail", args=[of_x.pk])).status_code == 200


def test_coverage_by_town_counts_operating_enterprises_that_filed(client, world, enterprise_user_x, staff):
    town1_b = make_enterprise(grid_cell=world.village_a)
    closed = make_enterprise(grid_cell=world.village_a, status=EnterpriseStatus.CLOSED)
    make_enterprise(grid_cell=world.village_b)
    submit(enterprise_user_x, world.enterprise_x, found_nothing=True)
    for enterprise in (town1_b, closed):
        user = make_user(Role.ENTERPRISE, enterprise=enterprise)
        submit(user, enterprise, found_nothing=True)
    submit(make_user(Role.ENTERPRISE, enterprise=world.enterprise_y), world.enterprise_y, month=4, found_nothing=True)
    client.force_login(staff)

    response = client.get(reverse("self_checks:list"), {"year": "2026", "month": "5"})

    figures = [(r.town.name, r.enterprises, r.filed, r.missing, r.percent) for r in response.context["coverage"]]
    assert figures == [("仙降街道", 2, 2, 0, 100.0), ("飞云街道", 2, 0, 2, 0.0)]
    total = response.context["total"]
    assert (total.enterprises, total.filed, total.percent) == (4, 2, 50.0)
    assert len(response.context["page_obj"]) == 3  # the closed enterprise's self-check is still listed
    body = response.content.decode()
    assert "100.0%" in body and "50.0%" in body


def test_the_overview_defaults_to_this_month_and_survives_a_bad_period(client, world, enterprise_user_x, staff):
    submit(enterprise_user_x, world.enterprise_x, month=6, found_nothing=True)
    client.force_login(staff)

    default = client.get(reverse("self_checks:list"))
    bad = client.get(reverse("self_checks:list"), {"year": "x", "month": "13"})

    assert (default.context["year"], default.context["month"]) == (2026, 6)
    assert default.context["total"].filed == 1
    assert bad.status_code == 200
    assert (bad.context["year"], bad.context["month"]) == (2026, 6)
    assert bad.context["filter_form"].errors


def test_the_coverage_page_costs_the_same_queries_for_many_enterprises(
    client, world, staff, django_assert_max_num_queries
):
    url = reverse("self_checks:list")
    period = {"year": "2026", "month": "5"}
    enterprise_user_y = make_user(Role.ENTERPRISE, enterprise=world.enterprise_y)
    submit(enterprise_user_y, world.enterprise_y, found_nothing=True)
    client.force_login(staff)
    client.get(url, period)
    with CaptureQueriesContext(connection) as small:
        client.get(url, period)

    for _ in range(5):
        town = make_cell(parent=world.city)
        village = make_cell(parent=make_cell(parent=town))
        for _ in range(8):
            enterprise = make_enterprise(grid_cell=village)
            submit(make_user(Role.ENTERPRISE, enterprise=enterprise), enterprise, found_nothing=True)

    with django_assert_max_num_queries(len(small)):
        response = client.get(url, period)
    assert response.context["total"].enterprises == 42
    assert response.context["total"].filed == 41
    assert len(response.context["coverage"]) == 7


def test_the_navigation_offers_self_checks_to_all_but_the_admin(world, enterprise_user_x, grid_officer_a, bureau_admin):
    assert "企业自查" in [item["label"] for item in nav_for(enterprise_user_x)]
    assert "企业自查" in [item["label"] for item in nav_for(grid_officer_a)]
    assert "企业自查" not in [item["label"] for item in nav_for(bureau_admin)]


# Demo data -------------------------------------------------------------------------------------------------------


def test_the_demo_files_most_months_and_quarters_consistently(world, enterprise_user_x):
    staff = make_user(Role.STAFF, username="staff")
    for _ in range(18):
        make_enterprise(grid_cell=world.village_b)
    reported = hazard(world.enterprise_x, enterprise_user_x, date(2026, 3, 12), level=HazardLevel.MAJOR, funds=800)
    hazard(world.enterprise_y, staff, date(2025, 11, 2), status=HazardStatus.CLOSED, funds=120)

    created = seed_self_checks(seed=7, today=date(2026, 6, 20))

    assert created == (SelfCheck.objects.count(), QuarterlyStatistics.objects.count())
    assert 0.75 * 20 * 12 < created[0] < 0.95 * 20 * 12
    assert 0.65 * 20 * 4 < created[1] < 0.95 * 20 * 4
    months = set(SelfCheck.objects.values_list("year", "month"))
    assert months == {(2025, m) for m in range(7, 13)} | {(2026, m) for m in range(1, 7)}
    quarters = set(QuarterlyStatistics.objects.values_list("year", "quarter"))
    assert quarters == {(2025, 2), (2025, 3), (2025, 4), (2026, 1)}
    # Every self-check agrees with its hazards, and every filing with the records, as the services would have it.
    for self_check in SelfCheck.objects.annotate(n=Count("hazards")):
        assert self_check.found_nothing == (self_check.n == 0)
    reported.refresh_from_db()
    filed_march = SelfCheck.objects.filter(enterprise=world.enterprise_x, year=2026, month=3).first()
    assert reported.self_check == filed_march
    for stat in QuarterlyStatistics.objects.select_related("enterprise"):
        figures = statistics_figures(stat.enterprise, stat.year, stat.quarter)
        assert {name: getattr(stat, name) for name in figures} == figures
    assert QuarterlyStatistics.objects.filter(major_found=1, funds=800).count() <= 1
    late = [stat for stat in QuarterlyStatistics.objects.all() if not is_on_time(stat)]
    assert 0 < len(late) < created[1] / 3
    assert {s.submitted_by for s in SelfCheck.objects.filter(enterprise=world.enterprise_x)} == {enterprise_user_x}
    assert {s.submitted_by for s in SelfCheck.objects.filter(enterprise=world.enterprise_y)} == {staff}
    assert not SelfCheck.objects.filter(submitted_at__gt=timezone.now()).exists()

    assert seed_self_checks(seed=7, today=date(2026, 6, 20)) == (0, 0)
