"""The holiday calendar's data (the State Council's schedules, loaded by bureau 0003) and the service that keeps it."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from bureau import once, workdays
from bureau.calendar.holidays import MISSING, SCHEDULES, load_schedules, schedule_days, source_of
from bureau.calendar.services import calendar_day_delete, calendar_day_save
from bureau.models import CalendarDay

pytestmark = pytest.mark.django_db


def _year(year):
    days = CalendarDay.objects.filter(date__year=year)
    return days.filter(kind="holiday").count(), days.filter(kind="workday").count()


def test_the_schedules_of_2025_and_2026_are_loaded():
    # 2025: 元旦 1 + 春节 8 + 清明 3 + 劳动 5 + 端午 3 + 国庆中秋 8; five weekend days worked.
    assert _year(2025) == (28, 5)
    # 2026: 元旦 3 + 春节 9 + 清明 3 + 劳动 5 + 端午 3 + 中秋 3 + 国庆 7; six weekend days worked.
    assert _year(2026) == (33, 6)
    assert CalendarDay.objects.get(date=date(2026, 2, 15)).name == "春节"
    assert CalendarDay.objects.get(date=date(2026, 9, 20)).kind == CalendarDay.Kind.WORKDAY


def test_every_swapped_working_day_is_a_weekend_day_and_no_date_has_two_kinds():
    for schedule in SCHEDULES:
        days = list(schedule_days(schedule))
        assert len({day for day, _, _ in days}) == len(days), schedule.year
        assert all(day.weekday() >= 5 for day, kind, _ in days if kind == "workday"), schedule.year
        assert all(day.year == schedule.year for day, _, _ in days), schedule.year


def test_a_year_not_confirmed_is_not_invented():
    assert 2027 in MISSING
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert "未能核实" in source_of(2027)
    assert "国务院办公厅关于2026年部分节假日安排的通知" in source_of(2026)


def test_loading_again_changes_nothing():
    before = list(CalendarDay.objects.values_list("date", "kind", "name"))
    load_schedules(CalendarDay)
    assert list(CalendarDay.objects.values_list("date", "kind", "name")) == before


def test_the_loaded_calendar_counts_the_national_day_week():
    # Three working days after Tuesday 29 September 2026: Wednesday 30 September, then 8 and 9 October.
    assert workdays.add_working_days(date(2026, 9, 29), 3) == date(2026, 10, 9)
    # Sunday 20 September 2026 is worked.
    assert workdays.is_working_day(date(2026, 9, 20))


def test_working_days_from_today_both_ways_in_one_query(django_assert_num_queries):
    today = date(2026, 9, 29)
    with django_assert_num_queries(1):
        apart = workdays.working_days_from(today, [date(2026, 10, 12), date(2026, 9, 23), today])
    assert apart[date(2026, 10, 12)] == workdays.working_days_between(today, date(2026, 10, 12)) == 5
    # 24 September, then 28 and 29 (25–27 are the Mid-Autumn holiday).
    assert apart[date(2026, 9, 23)] == -3
    assert apart[today] == 0


def test_staff_add_change_and_remove_a_day(staff):
    day = calendar_day_save(day=CalendarDay(date=date(2028, 1, 1), kind="holiday", name=" 元旦 "), actor=staff)
    assert CalendarDay.objects.get(pk=day.pk).name == "元旦"
    day.name = "元旦（测试）"
    calendar_day_save(day=day, actor=staff)
    assert CalendarDay.objects.get(pk=day.pk).name == "元旦（测试）"
    calendar_day_delete(pk=day.pk, actor=staff)
    assert not CalendarDay.objects.filter(pk=day.pk).exists()
    with pytest.raises(once.AlreadyDone):
        calendar_day_delete(pk=day.pk, actor=staff)


def test_a_date_has_one_kind(staff):
    with pytest.raises(ValidationError) as refused:
        calendar_day_save(day=CalendarDay(date=date(2026, 10, 1), kind="workday", name="国庆节调休"), actor=staff)
    assert "一个日期只能是一种安排" in str(refused.value)
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).kind == CalendarDay.Kind.HOLIDAY


def test_a_weekday_cannot_be_a_swapped_working_day_and_a_day_needs_a_name(staff):
    with pytest.raises(ValidationError, match="调休上班只能是周六或周日"):
        calendar_day_save(day=CalendarDay(date=date(2028, 3, 1), kind="workday", name="调休"), actor=staff)
    with pytest.raises(ValidationError, match="请填写名称"):
        calendar_day_save(day=CalendarDay(date=date(2028, 3, 4), kind="workday", name="  "), actor=staff)
    assert not CalendarDay.objects.filter(date__year=2028).exists()


def test_inspectors_and_grid_officers_may_not_keep_the_calendar(inspector, grid_officer_a, bureau_admin):
    for user in (inspector, grid_officer_a):
        with pytest.raises(PermissionDenied):
            calendar_day_save(day=CalendarDay(date=date(2028, 1, 1), kind="holiday", name="元旦"), actor=user)
    calendar_day_save(day=CalendarDay(date=date(2028, 1, 1), kind="holiday", name="元旦"), actor=bureau_admin)
