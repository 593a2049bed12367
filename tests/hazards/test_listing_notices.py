"""The daily notices of listed supervision: two working days before the deadline (the enterprise and the staff
member who listed it), and once overdue (escalated to every staff member and the cell's 责任人), each once."""

from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings

from bureau.accounts.models import Notification
from hazards.listing import listing_create
from hazards.listing_models import MajorHazardListing
from hazards.listing_notices import listing_deadline_notices
from hazards.models import MAJOR_PLAN_FIELDS
from hazards.tasks import notify_listing_deadlines
from tests.factories import make_hazard

# A Friday: two working days ahead is the Tuesday after the weekend.
FRIDAY = date(2026, 3, 13)
PLAN = dict.fromkeys(MAJOR_PLAN_FIELDS, "按方案治理")


@pytest.fixture
def listing(world, staff, enterprise_user_x, grid_officer_a):
    with time_machine.travel(FRIDAY - timedelta(days=20), tick=False):
        hazard = make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x, level="major", **PLAN)
        return listing_create(
            hazard=hazard,
            actor=staff,
            level="city",
            leader_name="林志远",
            leader_post="副局长",
            deadline=FRIDAY + timedelta(days=4),  # Tuesday
        )


def told(prefix):
    return set(Notification.objects.filter(key__startswith=prefix).values_list("user__username", flat=True))


def test_two_working_days_before_the_enterprise_and_the_lister_are_warned_once(listing, inspector):
    assert listing_deadline_notices(FRIDAY - timedelta(days=1)) == {"due_soon": 0, "overdue": 0}  # 3 working days

    assert listing_deadline_notices(FRIDAY) == {"due_soon": 2, "overdue": 0}
    assert told("listing:due_soon:") == {"ent_x", "staff1"}
    assert listing_deadline_notices(FRIDAY) == {"due_soon": 0, "overdue": 0}
    assert listing_deadline_notices(FRIDAY + timedelta(days=3)) == {"due_soon": 0, "overdue": 0}  # Monday: told


def test_overdue_escalates_to_all_staff_and_the_cell_officer_once(listing, staff, grid_officer_a, world):
    from bureau.roles import Role
    from tests.factories import make_user

    make_user(Role.STAFF, username="staff2")
    wednesday = FRIDAY + timedelta(days=5)

    assert listing_deadline_notices(wednesday)["overdue"] == 4
    assert told("listing:overdue:") == {"ent_x", "staff1", "staff2", "grid_a"}
    assert listing_deadline_notices(wednesday + timedelta(days=1)) == {"due_soon": 0, "overdue": 0}


def test_a_removed_listing_is_not_told(listing):
    MajorHazardListing.objects.filter(pk=listing.pk).update(status="removed")

    assert listing_deadline_notices(FRIDAY + timedelta(days=10)) == {"due_soon": 0, "overdue": 0}


def test_the_task_runs_daily_from_the_beat(listing):
    entry = settings.CELERY_BEAT_SCHEDULE["listing-deadline-notices"]
    assert entry["task"] == notify_listing_deadlines.name
    with time_machine.travel(FRIDAY, tick=False):
        assert notify_listing_deadlines() == {"due_soon": 2, "overdue": 0}
