from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone

from bureau.accounts.models import Notification
from bureau.roles import Role
from grids.models import GridAssignment
from hazards.models import Hazard, HazardStatus
from hazards.notices import hazard_deadline_notices
from hazards.tasks import notify_hazard_deadlines
from tests.factories import make_enterprise, make_user

TODAY = date(2026, 3, 10)


def hazard_with_deadline(enterprise, deadline, *, status=HazardStatus.RECTIFYING, location="配电房"):
    return Hazard.objects.create(
        enterprise=enterprise,
        found_on=deadline - timedelta(days=30),
        location=location,
        description="配电柜前堆放杂物",
        category="site",
        subcategory="equipment",
        level="general",
        rectification_deadline=deadline,
        responsible_person="张三",
        reported_by=make_user(Role.INSPECTOR),
        status=status,
    )


def notified(key_prefix=""):
    """{(username, key)} of the notices whose key starts with the prefix."""
    return set(Notification.objects.filter(key__startswith=key_prefix).values_list("user__username", "key"))


@pytest.fixture
def officer_a_on_duty(world, grid_officer_a):
    # Enterprise X sits in village A: its 责任人 is whoever is currently assigned to that cell.
    return GridAssignment.objects.create(cell=world.village_a, user=grid_officer_a, start_date=date(2026, 1, 1))


@pytest.fixture
def people(world, enterprise_user_x, enterprise_user_y, officer_a_on_duty, grid_officer_b):
    GridAssignment.objects.create(cell=world.village_b, user=grid_officer_b, start_date=date(2026, 1, 1))


def test_a_hazard_due_in_3_days_notifies_the_enterprise_users(world, people, enterprise_user_x):
    colleague = make_user(Role.ENTERPRISE, username="ent_x2", enterprise=world.enterprise_x)
    hazard = hazard_with_deadline(world.enterprise_x, TODAY + timedelta(days=3))

    counts = hazard_deadline_notices(TODAY)

    key = f"due_soon:{hazard.pk}:2026-03-13"
    assert counts == {"due_soon": 2, "overdue": 0}
    assert notified() == {(enterprise_user_x.username, key), (colleague.username, key)}
    notice = Notification.objects.filter(user=enterprise_user_x).get()
    assert notice.message == "隐患“配电房”的整改期限为 2026-03-13，还剩 3 天。"
    assert notice.url == hazard.get_absolute_url()
    assert notice.read_at is None


def test_a_hazard_due_in_4_days_notifies_nobody_yet(world, people):
    hazard_with_deadline(world.enterprise_x, TODAY + timedelta(days=4))

    assert hazard_deadline_notices(TODAY) == {"due_soon": 0, "overdue": 0}
    assert not Notification.objects.exists()


def test_a_deadline_of_today_is_due_not_overdue(world, people, enterprise_user_x):
    hazard = hazard_with_deadline(world.enterprise_x, TODAY)

    counts = hazard_deadline_notices(TODAY)

    assert counts == {"due_soon": 1, "overdue": 0}
    assert notified() == {(enterprise_user_x.username, f"due_soon:{hazard.pk}:2026-03-10")}
    assert Notification.objects.get().message == "隐患“配电房”的整改期限为 2026-03-10，今天到期。"


def test_a_deadline_of_yesterday_is_overdue_for_the_enterprise_and_its_cells_officer(
    world, people, enterprise_user_x, enterprise_user_y, grid_officer_a, grid_officer_b
):
    hazard = hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=1))

    counts = hazard_deadline_notices(TODAY)

    key = f"overdue:{hazard.pk}:2026-03-09"
    assert counts == {"due_soon": 0, "overdue": 2}
    # Not Y's users, not the 责任人 of Y's cell.
    assert notified() == {(enterprise_user_x.username, key), (grid_officer_a.username, key)}
    assert Notification.objects.filter(user=grid_officer_a).get().message == (
        "企业X的隐患“配电房”已逾期：整改期限为 2026-03-09，已超过 1 天。"
    )


def test_only_the_current_responsible_officer_is_notified(world, enterprise_user_x, officer_a_on_duty):
    # grid_a hands over village A and the cell above it (which would keep X in their scope, and in their notices).
    GridAssignment.objects.filter(user=officer_a_on_duty.user).update(end_date=date(2026, 2, 1))
    successor = make_user(Role.GRID_OFFICER, username="grid_a2")
    GridAssignment.objects.create(cell=world.village_a, user=successor, start_date=date(2026, 2, 1))
    helper = make_user(Role.GRID_OFFICER, username="grid_a3")
    GridAssignment.objects.create(cell=world.village_a, user=helper, capacity="member", start_date=date(2026, 2, 1))
    hazard = hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=2))

    hazard_deadline_notices(TODAY)

    key = f"overdue:{hazard.pk}:2026-03-08"
    assert notified() == {(enterprise_user_x.username, key), ("grid_a2", key)}


def test_the_officer_of_a_cell_above_the_enterprises_is_notified(world, enterprise_user_x, grid_officer_a):
    # grid_a holds cell A (a community), not village A where X sits: X is in their scope, so is its overdue hazard.
    hazard = hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=1))

    hazard_deadline_notices(TODAY)

    key = f"overdue:{hazard.pk}:2026-03-09"
    assert notified() == {(enterprise_user_x.username, key), (grid_officer_a.username, key)}


def test_inactive_users_are_not_notified(world, people, enterprise_user_x, grid_officer_a):
    enterprise_user_x.is_active = False
    enterprise_user_x.save()
    hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=1))

    assert hazard_deadline_notices(TODAY) == {"due_soon": 0, "overdue": 1}
    assert {username for username, _ in notified()} == {grid_officer_a.username}


def test_running_twice_notifies_nobody_twice(world, people):
    hazard_with_deadline(world.enterprise_x, TODAY + timedelta(days=2))
    hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=1))
    hazard_with_deadline(world.enterprise_y, TODAY - timedelta(days=5))

    first = hazard_deadline_notices(TODAY)
    before = notified()
    second = hazard_deadline_notices(TODAY)
    next_day = hazard_deadline_notices(TODAY + timedelta(days=1))

    assert first == {"due_soon": 1, "overdue": 4}
    assert second == next_day == {"due_soon": 0, "overdue": 0}
    assert notified() == before
    assert Notification.objects.count() == 5


def test_an_extended_deadline_that_lapses_again_notifies_again(world, people, enterprise_user_x, grid_officer_a):
    hazard = hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=1))
    hazard_deadline_notices(TODAY)
    Hazard.objects.filter(pk=hazard.pk).update(rectification_deadline=TODAY + timedelta(days=10))

    assert hazard_deadline_notices(TODAY + timedelta(days=8)) == {"due_soon": 1, "overdue": 0}
    assert hazard_deadline_notices(TODAY + timedelta(days=11)) == {"due_soon": 0, "overdue": 2}
    assert notified("overdue:") == {
        (enterprise_user_x.username, f"overdue:{hazard.pk}:2026-03-09"),
        (grid_officer_a.username, f"overdue:{hazard.pk}:2026-03-09"),
        (enterprise_user_x.username, f"overdue:{hazard.pk}:2026-03-20"),
        (grid_officer_a.username, f"overdue:{hazard.pk}:2026-03-20"),
    }


def test_a_closed_hazard_notifies_nobody(world, people):
    hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=1), status=HazardStatus.CLOSED)
    hazard_with_deadline(world.enterprise_x, TODAY + timedelta(days=1), status=HazardStatus.CLOSED)

    assert hazard_deadline_notices(TODAY) == {"due_soon": 0, "overdue": 0}
    assert not Notification.objects.exists()


def test_a_rectified_hazard_awaiting_acceptance_still_counts(world, people, enterprise_user_x):
    # Only 销号 (closed) ends the clock: a hazard reported rectified but not yet accepted can still be overdue.
    hazard_with_deadline(world.enterprise_x, TODAY - timedelta(days=1), status=HazardStatus.RECTIFIED)

    assert hazard_deadline_notices(TODAY) == {"due_soon": 0, "overdue": 2}


def _many_hazards(world, n):
    villages = [world.village_a, world.village_b]
    for i in range(n):
        enterprise = make_enterprise(grid_cell=villages[i % 2])
        make_user(Role.ENTERPRISE, enterprise=enterprise)
        deadline = TODAY + timedelta(days=i % 3) if i % 2 else TODAY - timedelta(days=1 + i % 3)
        hazard_with_deadline(enterprise, deadline, location=f"部位{i}")


def test_the_query_count_does_not_grow_with_the_number_of_hazards(world, people, django_assert_max_num_queries):
    _many_hazards(world, 3)
    # Due soon, overdue, their users, the cells' 责任人, the keys already sent, one INSERT (+ a savepoint pair).
    with django_assert_max_num_queries(8) as few:
        small = hazard_deadline_notices(TODAY)
    Notification.objects.all().delete()
    _many_hazards(world, 30)

    with django_assert_max_num_queries(len(few.captured_queries)):
        large = hazard_deadline_notices(TODAY)

    # 3 hazards: 1 due soon (enterprise user), 2 overdue (enterprise user + the cell's 责任人 each).
    assert small == {"due_soon": 1, "overdue": 4}
    assert large == {"due_soon": 16, "overdue": 34}


def test_the_task_uses_the_local_date(world, people, enterprise_user_x, grid_officer_a):
    hazard_with_deadline(world.enterprise_x, date(2026, 3, 9))

    # 00:30 in Shanghai is still the 9th in UTC: by the local date the hazard is overdue.
    with time_machine.travel(datetime(2026, 3, 10, 0, 30, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        assert timezone.now().date() == date(2026, 3, 9)
        counts = notify_hazard_deadlines()

    assert counts == {"due_soon": 0, "overdue": 2}


def test_the_task_runs_daily_at_seven():
    entry = settings.CELERY_BEAT_SCHEDULE["hazard-deadline-notices"]

    assert entry["task"] == notify_hazard_deadlines.name == "hazards.tasks.notify_hazard_deadlines"
    assert entry["schedule"].hour == {7}
    assert entry["schedule"].minute == {0}


@pytest.mark.worker
def test_a_real_worker_sends_the_deadline_notices(celery_worker, world, enterprise_user_x, grid_officer_a):
    GridAssignment.objects.create(cell=world.village_a, user=grid_officer_a, start_date=date(2026, 1, 1))
    today = timezone.localdate()
    due = hazard_with_deadline(world.enterprise_x, today + timedelta(days=1))
    late = hazard_with_deadline(world.enterprise_x, today - timedelta(days=1))

    result = notify_hazard_deadlines.delay()

    assert result.get(timeout=20) == {"due_soon": 1, "overdue": 2}
    assert notified() == {
        (enterprise_user_x.username, f"due_soon:{due.pk}:{due.rectification_deadline.isoformat()}"),
        (enterprise_user_x.username, f"overdue:{late.pk}:{late.rectification_deadline.isoformat()}"),
        (grid_officer_a.username, f"overdue:{late.pk}:{late.rectification_deadline.isoformat()}"),
    }
    assert notify_hazard_deadlines.delay().get(timeout=20) == {"due_soon": 0, "overdue": 0}
