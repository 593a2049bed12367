"""The 超期 list (/cases/deadlines/) and its figures: open case deadlines in the viewer's scope, by state, counted
in working days from the holiday calendar. Today is fixed at Tuesday 29 September 2026, before the National Day
week (1–7 October off, Saturday 10 October worked) and after the Mid-Autumn holiday (25–27 September)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from bureau.calendar.services import calendar_day_save
from bureau.figures import count_figures
from bureau.models import CalendarDay
from inspections.enforcement.deadlines import deadline_meet, deadline_set
from inspections.enforcement.services import case_open

pytestmark = pytest.mark.django_db

TODAY = date(2026, 9, 29)
LIST = reverse("cases:deadlines")


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime(2026, 9, 29, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


@pytest.fixture
def deadlines(world, inspector, inspector2):
    def case(enterprise, title):
        return case_open(enterprise=enterprise, title=title, actor=inspector, co_signer=inspector2)

    x, y = case(world.enterprise_x, "未按规定开展应急演练"), case(world.enterprise_y, "未如实记录安全生产教育培训")
    met = case(world.enterprise_x, "特种作业人员未持证上岗")
    rows = {
        # 30 September, 8 October: due within 3 working days.
        "soon": deadline_set(
            case=x, code="statement", label="陈述、申辩期限", starts_on=TODAY, days=2, working_days=True
        ),
        # 21, 22, 23 September: past.
        "overdue": deadline_set(
            case=x, code="hearing_request", label="听证申请期限", starts_on=date(2026, 9, 20), days=3, working_days=True
        ),
        # 30 September, 8, 9, 10 (a Saturday worked) and 12 October: not soon.
        "later": deadline_set(
            case=y, code="decision", label="作出处罚决定期限", starts_on=TODAY, days=5, working_days=True
        ),
        "met": deadline_set(
            case=met, code="statement", label="陈述、申辩期限", starts_on=date(2026, 9, 1), days=3, working_days=True
        ),
    }
    deadline_meet(case=met, code="statement", on=date(2026, 9, 3))
    return rows


def _list(client, user, query=""):
    client.force_login(user)
    response = client.get(LIST + query)
    assert response.status_code == 200
    return response.content.decode()


def _total(html):
    return int(html.split('data-total="', 1)[1].split('"', 1)[0])


def test_the_due_dates_are_counted_on_the_holiday_calendar(deadlines):
    assert deadlines["soon"].due_on == date(2026, 10, 8)
    assert deadlines["overdue"].due_on == date(2026, 9, 23)
    assert deadlines["later"].due_on == date(2026, 10, 12)


def test_the_list_shows_open_deadlines_by_state(client, staff, deadlines):
    assert _total(_list(client, staff)) == 3
    soon = _list(client, staff, "?state=soon")
    assert _total(soon) == 1 and "剩 2 个工作日" in soon and "2026-10-08" in soon
    overdue = _list(client, staff, "?state=overdue")
    # Six days past the due date, three of them working days (24, 28 and 29 September).
    assert _total(overdue) == 1 and "已超期 6 天" in overdue and "（3 个工作日）" in overdue
    pending = _list(client, staff, "?state=pending")
    assert _total(pending) == 2 and "剩 5 个工作日" in pending
    case = deadlines["soon"].case
    assert f'href="{reverse("cases:detail", args=[case.pk])}"' in soon and "企业X" in soon


def test_each_viewer_sees_the_deadlines_of_the_cases_they_see(client, grid_officer_a, grid_officer_b, deadlines):
    assert _total(_list(client, grid_officer_a)) == 2  # X's two
    assert _total(_list(client, grid_officer_b)) == 1  # Y's one


def test_enterprise_users_do_not_get_the_list(client, enterprise_user_x, deadlines):
    client.force_login(enterprise_user_x)
    assert client.get(LIST).status_code == 403


def test_the_figures_count_what_their_lists_show(client, staff, inspector, deadlines):
    figures = {f.key: f for f in count_figures(["cases.deadlines_overdue", "cases.deadlines_due_soon"], staff)}
    assert figures["cases.deadlines_overdue"].value == 1
    assert figures["cases.deadlines_due_soon"].value == 1
    for figure in figures.values():
        assert _total(_list(client, staff, figure.url[len(LIST) :])) == figure.value
    client.force_login(inspector)
    home = client.get(reverse("home")).content.decode()
    assert 'data-figure="cases.deadlines_overdue" data-value="1"' in home
    assert 'data-figure="cases.deadlines_due_soon" data-value="1"' in home


def test_a_calendar_change_moves_only_the_deadlines_computed_afterwards(staff, world, inspector, inspector2, deadlines):
    # 8 October made a holiday: the deadline already computed keeps its due date; one set now skips the day.
    calendar_day_save(day=CalendarDay(date=date(2026, 10, 8), kind="holiday", name="测试调整"), actor=staff)
    deadlines["soon"].refresh_from_db()
    assert deadlines["soon"].due_on == date(2026, 10, 8)
    case = case_open(enterprise=world.enterprise_x, title="安全警示标志缺失", actor=inspector, co_signer=inspector2)
    again = deadline_set(
        case=case, code="statement", label="陈述、申辩期限", starts_on=TODAY, days=2, working_days=True
    )
    assert again.due_on == date(2026, 10, 9)
