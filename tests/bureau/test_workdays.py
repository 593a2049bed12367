"""Working days by the holiday calendar (bureau.workdays)."""

from datetime import date

import pytest

from bureau import workdays
from bureau.models import CalendarDay

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_day():
    # A week off from Thursday 1 October; Saturday 10 October worked instead. The data migration (bureau 0003)
    # loads the same days from the State Council's schedule: set, not added, so the test stands without it too.
    for day in range(1, 8):
        CalendarDay.objects.update_or_create(
            date=date(2026, 10, day), defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": "国庆节"}
        )
    CalendarDay.objects.update_or_create(
        date=date(2026, 10, 10), defaults={"kind": CalendarDay.Kind.WORKDAY, "name": "国庆节调休"}
    )


def test_weekends_rest_without_a_calendar():
    # Friday 4 December 2026 + 1 working day is Monday 7 December.
    assert workdays.add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 7)
    assert workdays.add_working_days(date(2026, 12, 7), 5) == date(2026, 12, 14)
    assert workdays.is_working_day(date(2026, 12, 5)) is False


def test_holidays_are_skipped_and_swapped_weekends_count(national_day):
    # Three working days from Wednesday 30 September: 8, 9 and 10 October (a Saturday worked).
    assert workdays.add_working_days(date(2026, 9, 30), 3) == date(2026, 10, 10)
    assert workdays.is_working_day(date(2026, 10, 10)) is True
    assert workdays.working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4


def test_calendar_day_periods_end_on_a_working_day(national_day):
    # 15 days from 17 September is 2 October, a holiday: the period ends on Thursday 8 October.
    assert workdays.add_days(date(2026, 9, 17), 15) == date(2026, 10, 8)
    assert workdays.add_days(date(2026, 12, 1), 15) == date(2026, 12, 16)


def test_counting_costs_one_query_per_window(national_day, django_assert_num_queries):
    with django_assert_num_queries(1):
        workdays.add_working_days(date(2026, 9, 30), 20)
