"""The daily case deadline notices (inspections.tasks.notify_case_deadlines, in the beat schedule): within two
working days of the due date and once past it, each deadline tells the case's creator and its filing's co-signer
once per stage. The dates are fixed: Tuesday 29 September 2026, before the National Day week."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from bureau.accounts.models import Notification
from inspections.enforcement.deadlines import deadline_meet, deadline_set
from inspections.tasks import notify_case_deadlines
from tests.procedure import filed_case

pytestmark = pytest.mark.django_db


def on(day):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, 7, 5, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False
    )


@pytest.fixture
def case(world, inspector, inspector2):
    with on(date(2026, 9, 29)):
        return filed_case(world.enterprise_x, inspector, inspector2)


def _set(case, code, starts_on, days):
    return deadline_set(case=case, code=code, label="陈述、申辩期限", starts_on=starts_on, days=days, working_days=True)


def _told(user):
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("message", flat=True))


def test_the_task_is_in_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "inspections.tasks.notify_case_deadlines" in tasks


def test_due_within_two_working_days_warns_the_creator_and_the_co_signer_once(case, inspector, inspector2, staff):
    # Due Thursday 8 October: the second working day after 29 September (1–7 October are off).
    deadline = _set(case, "statement", date(2026, 9, 29), 2)
    assert deadline.due_on == date(2026, 10, 8)
    _set(case, "decision", date(2026, 9, 29), 5)  # due 12 October: not yet

    with on(date(2026, 9, 29)):
        assert notify_case_deadlines.apply().get() == {"due_soon": 2, "overdue": 0}
        assert notify_case_deadlines.apply().get() == {"due_soon": 0, "overdue": 0}

    for user in (inspector, inspector2):
        [message] = _told(user)
        assert "未按规定开展应急演练" in message and "2026-10-08" in message and "还剩 2 个工作日" in message
    assert _told(staff) == []
    assert Notification.objects.get(user=inspector).url == case.get_absolute_url()


def test_a_deadline_past_its_due_date_is_told_once_more(case, inspector, inspector2):
    _set(case, "statement", date(2026, 9, 29), 2)
    with on(date(2026, 9, 29)):
        notify_case_deadlines()
    with on(date(2026, 10, 9)):
        assert notify_case_deadlines() == {"due_soon": 0, "overdue": 2}
    with on(date(2026, 10, 12)):
        assert notify_case_deadlines() == {"due_soon": 0, "overdue": 0}
    assert "已超期" in _told(inspector)[-1] and "已超过 1 天" in _told(inspector)[-1]


def test_a_deadline_met_or_restarted(case, inspector):
    _set(case, "statement", date(2026, 9, 20), 3)  # due 23 September
    _set(case, "hearing_request", date(2026, 9, 20), 3)
    deadline_meet(case=case, code="hearing_request", on=date(2026, 9, 22))
    with on(date(2026, 9, 29)):
        assert notify_case_deadlines() == {"due_soon": 0, "overdue": 2}  # one deadline, two people
        # Set again (a new due date, 8 October): a new period, warned again when it nears.
        _set(case, "statement", date(2026, 9, 29), 2)
        assert notify_case_deadlines() == {"due_soon": 2, "overdue": 0}


def test_an_inactive_inspector_is_not_told(case, inspector, inspector2):
    inspector2.is_active = False
    inspector2.save()
    _set(case, "statement", date(2026, 9, 20), 3)
    with on(date(2026, 9, 29)):
        assert notify_case_deadlines() == {"due_soon": 0, "overdue": 1}
    assert _told(inspector2) == []
