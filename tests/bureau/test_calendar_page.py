"""/calendar/: the year's days and the check 本年放假 N 天、调休上班 M 天; staff keep them, inspectors read."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.models import CalendarDay

pytestmark = pytest.mark.django_db

YEAR = reverse("calendar:year")


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_an_inspector_reads_the_year_and_its_check(client, inspector):
    html = _page(client, inspector, f"{YEAR}?year=2026")
    assert re.search(
        r'本年放假 <strong data-holidays="33">33</strong> 天、调休上班 <strong data-workdays="6">6</strong> 天', html
    )
    assert 'data-total="39"' in html
    assert "2026-09-20" in html and "国庆节调休" in html
    assert "修改本页只影响此后计算的期限" in html
    assert reverse("calendar:create") not in html
    assert "/delete/" not in html


def test_a_year_without_a_schedule_says_why(client, staff):
    html = _page(client, staff, f"{YEAR}?year=2027")
    assert "未能核实" in html
    assert 'data-holidays="0"' in html


def test_an_odd_year_shows_this_year(client, staff):
    html = _page(client, staff, f"{YEAR}?year=２０２６")
    assert f"节假日安排 {timezone.localdate().year}年" in html


def test_staff_add_a_day_and_see_it_in_its_year(client, staff):
    client.force_login(staff)
    response = client.post(reverse("calendar:create"), {"date": "2028-01-01", "kind": "holiday", "name": "元旦"})
    assert response.status_code == 302 and response["Location"] == f"{YEAR}?year=2028"
    assert CalendarDay.objects.get(date=date(2028, 1, 1)).name == "元旦"
    assert 'data-holidays="1"' in client.get(response["Location"]).content.decode()


def test_a_date_already_kept_is_refused_in_chinese_and_nothing_changes(client, staff):
    client.force_login(staff)
    response = client.post(reverse("calendar:create"), {"date": "2026-10-01", "kind": "workday", "name": "调休"})
    assert response.status_code == 200
    assert "一个日期只能是一种安排" in response.content.decode()
    assert CalendarDay.objects.filter(date=date(2026, 10, 1)).count() == 1


def test_staff_edit_and_delete_a_day(client, staff):
    client.force_login(staff)
    day = CalendarDay.objects.get(date=date(2026, 10, 10))
    edit = reverse("calendar:edit", args=[day.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"date": "2026-10-10", "kind": "workday", "name": "国庆节后调休上班"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(pk=day.pk).name == "国庆节后调休上班"
    # Who changed the calendar is kept (the audit trail).
    change = day.history.latest()
    assert (change.history_type, change.history_user, change.name) == ("~", staff, "国庆节后调休上班")

    delete = reverse("calendar:delete", args=[day.pk])
    assert client.post(delete).status_code == 302
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    again = client.post(delete, follow=True)
    assert "该操作已完成" in again.content.decode()


def test_only_staff_and_admins_write_and_grid_officers_do_not_read(client, inspector, grid_officer_a):
    client.force_login(inspector)
    assert client.get(reverse("calendar:create")).status_code == 403
    assert (
        client.post(reverse("calendar:create"), {"date": "2028-01-01", "kind": "holiday", "name": "元旦"}).status_code
        == 403
    )
    assert not CalendarDay.objects.filter(date=date(2028, 1, 1)).exists()
    client.force_login(grid_officer_a)
    assert client.get(YEAR).status_code == 403


def test_the_navigation_offers_the_calendar_to_staff_and_the_deadlines_to_inspectors(client, staff, inspector):
    html = _page(client, staff, reverse("home"))
    assert f'href="{YEAR}"' in html and f'href="{reverse("cases:deadlines")}"' in html
    html = _page(client, inspector, reverse("home"))
    assert f'href="{YEAR}"' not in html and f'href="{reverse("cases:deadlines")}"' in html
