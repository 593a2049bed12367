"""The State Council's holiday schedules (国务院办公厅关于<year>年部分节假日安排的通知), as data: every day off
(放假) and every weekend day worked instead (调休上班), each with its holiday's name. Loaded into
bureau.models.CalendarDay by migration 0003; staff keep the calendar on /calendar/ afterwards.

Each schedule was read from the notice as republished by Xinhua (新华社) and the national press; a year whose notice
could not be confirmed is left out and named in MISSING: a guessed calendar would move every due date it touches.
"""

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Schedule:
    year: int
    source: str
    holidays: tuple  # (name, first day, last day), both ends off
    workdays: tuple  # (name, day): a Saturday or Sunday worked instead


SCHEDULES = (
    Schedule(
        2025,
        "国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号，2024年11月12日）",
        holidays=(
            ("元旦", date(2025, 1, 1), date(2025, 1, 1)),
            ("春节", date(2025, 1, 28), date(2025, 2, 4)),
            ("清明节", date(2025, 4, 4), date(2025, 4, 6)),
            ("劳动节", date(2025, 5, 1), date(2025, 5, 5)),
            ("端午节", date(2025, 5, 31), date(2025, 6, 2)),
            ("国庆节、中秋节", date(2025, 10, 1), date(2025, 10, 8)),
        ),
        workdays=(
            ("春节调休", date(2025, 1, 26)),
            ("春节调休", date(2025, 2, 8)),
            ("劳动节调休", date(2025, 4, 27)),
            ("国庆节、中秋节调休", date(2025, 9, 28)),
            ("国庆节、中秋节调休", date(2025, 10, 11)),
        ),
    ),
    Schedule(
        2026,
        "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）",
        holidays=(
            ("元旦", date(2026, 1, 1), date(2026, 1, 3)),
            ("春节", date(2026, 2, 15), date(2026, 2, 23)),
            ("清明节", date(2026, 4, 4), date(2026, 4, 6)),
            ("劳动节", date(2026, 5, 1), date(2026, 5, 5)),
            ("端午节", date(2026, 6, 19), date(2026, 6, 21)),
            ("中秋节", date(2026, 9, 25), date(2026, 9, 27)),
            ("国庆节", date(2026, 10, 1), date(2026, 10, 7)),
        ),
        workdays=(
            ("元旦调休", date(2026, 1, 4)),
            ("春节调休", date(2026, 2, 14)),
            ("春节调休", date(2026, 2, 28)),
            ("劳动节调休", date(2026, 5, 9)),
            ("国庆节调休", date(2026, 9, 20)),
            ("国庆节调休", date(2026, 10, 10)),
        ),
    ),
)

# Years the portal counts in but whose notice could not be confirmed when the data was written (shown on the page).
MISSING = {
    2027: "未能核实国务院办公厅关于2027年部分节假日安排的通知，未预置；通知公布后请在本页逐日录入。",
}


def schedule_days(schedule):
    """(date, kind, name) for every day of one schedule: kind is CalendarDay.Kind's stored value."""
    for name, first, last in schedule.holidays:
        for offset in range((last - first).days + 1):
            yield first + timedelta(days=offset), "holiday", name
    for name, day in schedule.workdays:
        yield day, "workday", name


def load_schedules(calendar_day_model):
    """Write every schedule into the calendar (the model given: a migration passes its historical one). Idempotent:
    a day already there is set to the schedule's kind and name; days not in a schedule are left alone."""
    for schedule in SCHEDULES:
        for day, kind, name in schedule_days(schedule):
            calendar_day_model.objects.update_or_create(date=day, defaults={"kind": kind, "name": name})


def source_of(year):
    """What the year's preset days come from, or why there are none."""
    for schedule in SCHEDULES:
        if schedule.year == year:
            return schedule.source
    return MISSING.get(year, f"未预置{year}年的节假日安排。")
