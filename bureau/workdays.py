"""Working days by the holiday calendar (bureau.models.CalendarDay), for deadlines the law counts in working days.

Counting follows 行政处罚法 第八十五条 and the usual reading of 期间: the day of the event is not counted; "within
N working days of D" ends on the N-th working day after D. Calendar-day periods (e.g. 15 日 to pay a fine) end on
D + N, moved to the next working day when that is a holiday (民法典 第二百零三条).
"""

from datetime import date, timedelta

# Long enough for any period the portal counts (the longest holiday run is 8–9 days).
_LOOKAHEAD = 60


def _overrides(start, end):
    from bureau.models import CalendarDay

    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def _works(day, overrides):
    from bureau.models import CalendarDay

    kind = overrides.get(day)
    if kind == CalendarDay.Kind.HOLIDAY:
        return False
    if kind == CalendarDay.Kind.WORKDAY:
        return True
    return day.weekday() < 5


def is_working_day(day: date) -> bool:
    return _works(day, _overrides(day, day))


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (start itself not counted); one query per 60 days spanned."""
    if count <= 0:
        return start
    day, left = start, count
    while True:
        window_end = day + timedelta(days=_LOOKAHEAD)
        overrides = _overrides(day + timedelta(days=1), window_end)
        while day < window_end:
            day += timedelta(days=1)
            if _works(day, overrides):
                left -= 1
                if left == 0:
                    return day


def add_days(start: date, count: int) -> date:
    """A period of `count` calendar days from `start`; one that ends on a rest day ends on the next working day."""
    end = start + timedelta(days=count)
    overrides = _overrides(end, end + timedelta(days=_LOOKAHEAD))
    while not _works(end, overrides):
        end += timedelta(days=1)
    return end


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    if end <= start:
        return 0
    overrides = _overrides(start + timedelta(days=1), end)
    return sum(_works(start + timedelta(days=i), overrides) for i in range(1, (end - start).days + 1))


def working_days_from(today: date, days) -> dict:
    """{day: working days from `today` to `day`} for many days in one query: positive for a day ahead (as
    working_days_between(today, day)), negative for a day past (-working_days_between(day, today)), 0 for today."""
    days = set(days)
    if not days:
        return {}
    start, end = min(days | {today}), max(days | {today})
    overrides = _overrides(start, end)
    # Running count of working days from `start` to each date, so each answer is one subtraction.
    running, count = {}, 0
    for offset in range((end - start).days + 1):
        day = start + timedelta(days=offset)
        count += _works(day, overrides) and day != start
        running[day] = count
    return {day: running[day] - running[today] for day in days}
