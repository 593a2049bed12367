"""催办: the grid officer of the enterprise's cell, inspectors and staff chase an open hazard, once a day; the
enterprise's active users are notified, with a link to the hazard."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bureau.accounts.models import Notification
from bureau.once import AlreadyDone
from bureau.roles import Role
from hazards.chases import with_chases
from hazards.models import Hazard, HazardEvent, HazardStatus
from hazards.services import hazard_chase
from tests.factories import make_hazard, make_user

ALL_PERSONAS = ["bureau_admin", "staff", "inspector", "grid_officer_a", "grid_officer_b", "enterprise_user_x"]
MAY_CHASE = {"staff", "inspector", "grid_officer_a"}


def overdue_hazard(world, reported_by, status=HazardStatus.RECTIFYING, days=4):
    today = timezone.localdate()
    return make_hazard(
        enterprise=world.enterprise_x,
        reported_by=reported_by,
        location="成品仓库",
        status=status,
        found_on=today - timedelta(days=days + 20),
        rectification_deadline=today - timedelta(days=days),
    )


@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_who_may_chase(request, world, staff, enterprise_user_x, persona):
    user = request.getfixturevalue(persona)
    hazard = overdue_hazard(world, staff)

    if persona in MAY_CHASE:
        event = hazard_chase(hazard=hazard, actor=user, note="请本周内完成")
        assert (event.hazard, event.action, event.actor, event.note) == (hazard, "chase", user, "请本周内完成")
        assert event.get_action_display() == "催办"
        assert Notification.objects.filter(user=enterprise_user_x).count() == 1
    else:
        with pytest.raises(PermissionDenied, match="可以催办"):
            hazard_chase(hazard=hazard, actor=user)
        assert not HazardEvent.objects.exists()
        assert not Notification.objects.exists()


@pytest.mark.parametrize("status", [HazardStatus.RECTIFIED, HazardStatus.CLOSED])
def test_only_an_open_hazard_is_chased(world, staff, enterprise_user_x, grid_officer_a, status):
    hazard = overdue_hazard(world, staff, status=status)

    with pytest.raises(ValidationError) as refused:
        hazard_chase(hazard=hazard, actor=grid_officer_a)

    label = HazardStatus(status).label
    assert refused.value.messages == [f"隐患当前为“{label}”，只有已上报或整改中的隐患可以催办。"]
    assert not isinstance(refused.value, AlreadyDone)
    assert not HazardEvent.objects.exists()
    assert not Notification.objects.exists()


def test_a_reported_hazard_due_soon_is_chased_too(world, staff, enterprise_user_x, grid_officer_a):
    hazard = make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        location="配电房",
        rectification_deadline=timezone.localdate() + timedelta(days=2),
    )

    hazard_chase(hazard=hazard, actor=grid_officer_a)

    assert "配电房" in enterprise_user_x.notifications.get().message
    assert "还剩 2 天" in enterprise_user_x.notifications.get().message


def test_once_a_day_whoever_chases(world, staff, enterprise_user_x, grid_officer_a, inspector):
    hazard = overdue_hazard(world, staff)
    hazard_chase(hazard=hazard, actor=grid_officer_a, note="第一次")

    with pytest.raises(AlreadyDone, match="今天已催办过") as again:
        hazard_chase(hazard=hazard, actor=inspector, note="第二次")

    assert grid_officer_a.username in again.value.messages[0]  # who chased first (the factory sets no name)
    assert list(HazardEvent.objects.values_list("note", flat=True)) == ["第一次"]
    assert Notification.objects.count() == 1


def test_the_next_day_it_may_be_chased_again(world, staff, enterprise_user_x, grid_officer_a):
    hazard = overdue_hazard(world, staff)
    hazard_chase(hazard=hazard, actor=grid_officer_a)
    yesterday = timezone.now() - timedelta(days=1)
    HazardEvent.objects.update(at=yesterday)
    Notification.objects.update(key=f"chase:{(timezone.localdate() - timedelta(days=1)).isoformat()}:{hazard.pk}")

    hazard_chase(hazard=hazard, actor=grid_officer_a)

    assert HazardEvent.objects.filter(action="chase").count() == 2
    assert enterprise_user_x.notifications.count() == 2


def test_each_active_user_of_the_enterprise_is_notified_with_a_link(
    world, staff, enterprise_user_x, enterprise_user_y, grid_officer_a
):
    second = make_user(Role.ENTERPRISE, enterprise=world.enterprise_x)
    gone = make_user(Role.ENTERPRISE, enterprise=world.enterprise_x)
    gone.is_active = False
    gone.save()
    grid_officer_a.first_name = "陈海波"
    grid_officer_a.save()
    hazard = overdue_hazard(world, staff, days=4)

    hazard_chase(hazard=hazard, actor=grid_officer_a, note="请上传整改照片。")

    notices = Notification.objects.order_by("user_id")
    assert [n.user for n in notices] == [enterprise_user_x, second]
    deadline = hazard.rectification_deadline
    for notice in notices:
        assert notice.url == hazard.get_absolute_url()
        assert notice.message == (
            f"陈海波催办隐患“成品仓库”：整改期限 {deadline:%Y-%m-%d}，已逾期 4 天，请尽快整改。请上传整改照片。"
        )
        assert notice.key == f"chase:{timezone.localdate().isoformat()}:{hazard.pk}"


def test_a_chase_changes_nothing_of_the_hazard(world, staff, enterprise_user_x, grid_officer_a):
    """No version bump: a form the enterprise has open (报告整改完成) is not made stale by an officer's chase."""
    hazard = overdue_hazard(world, staff)
    before = Hazard.objects.filter(pk=hazard.pk).values().get()

    hazard_chase(hazard=hazard, actor=grid_officer_a)

    assert Hazard.objects.filter(pk=hazard.pk).values().get() == before
    assert hazard.history.count() == 1


def test_lists_know_which_hazards_were_chased(world, staff, enterprise_user_x, grid_officer_a):
    chased, other = overdue_hazard(world, staff), overdue_hazard(world, staff)
    hazard_chase(hazard=chased, actor=grid_officer_a)

    rows = {h.pk: h for h in with_chases(Hazard.objects.all())}

    assert rows[chased.pk].chased_today and rows[chased.pk].last_chased_at is not None
    assert not rows[other.pk].chased_today and rows[other.pk].last_chased_at is None
