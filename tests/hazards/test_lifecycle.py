import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hazards.models import HazardEvent, HazardStatus
from hazards.services import available_actions, hazard_transition
from tests.factories import make_hazard, make_image

ALL_PERSONAS = ["bureau_admin", "staff", "inspector", "grid_officer_a", "grid_officer_b", "enterprise_user_x"]

# Who may make each move on a hazard of enterprise X (in grid officer A's cell).
ALLOWED = {
    "start": {"staff", "inspector", "enterprise_user_x"},
    "rectify": {"enterprise_user_x"},
    "close": {"inspector", "grid_officer_a"},
    "send_back": {"inspector", "grid_officer_a"},
}
FROM = {
    "start": HazardStatus.REPORTED,
    "rectify": HazardStatus.RECTIFYING,
    "close": HazardStatus.RECTIFIED,
    "send_back": HazardStatus.RECTIFIED,
}
TO = {
    "start": HazardStatus.RECTIFYING,
    "rectify": HazardStatus.RECTIFIED,
    "close": HazardStatus.CLOSED,
    "send_back": HazardStatus.RECTIFYING,
}


def do(hazard, action, user, **extra):
    extra.setdefault("note", "已按要求整改")
    if action == "rectify":
        extra.setdefault("photos", [make_image()])
    return hazard_transition(hazard=hazard, action=action, actor=user, version=hazard.version, **extra)


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("persona", ALL_PERSONAS)
def test_each_move_by_each_role(request, world, staff, action, persona):
    user = request.getfixturevalue(persona)
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=FROM[action])

    if persona in ALLOWED[action]:
        moved = do(hazard, action, user)
        assert moved.status == TO[action]
        assert moved.version == hazard.version + 1
        event = HazardEvent.objects.get(hazard=hazard)
        assert (event.actor, event.from_status, event.to_status) == (user, FROM[action], TO[action])
        assert (action, action) in [(a, a) for a, _ in available_actions(hazard, user)]
    else:
        with pytest.raises(PermissionDenied):
            do(hazard, action, user)
        hazard.refresh_from_db()
        assert hazard.status == FROM[action]
        assert not HazardEvent.objects.exists()
        assert action not in [a for a, _ in available_actions(hazard, user)]


@pytest.mark.parametrize(
    ("action", "status"), [(action, status) for action in ALLOWED for status in HazardStatus if status != FROM[action]]
)
def test_moves_from_the_wrong_state_are_refused_in_chinese(world, staff, inspector, enterprise_user_x, action, status):
    actor = enterprise_user_x if action == "rectify" else inspector
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=status)

    with pytest.raises(ValidationError) as excinfo:
        do(hazard, action, actor)

    assert f"隐患当前为“{hazard.get_status_display()}”，不能" in excinfo.value.messages[0]
    hazard.refresh_from_db()
    assert hazard.status == status


def test_rectified_needs_evidence_and_a_note(world, staff, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFYING)

    with pytest.raises(ValidationError, match="至少一张整改后的照片"):
        do(hazard, "rectify", enterprise_user_x, photos=[])
    with pytest.raises(ValidationError, match="请说明整改情况"):
        do(hazard, "rectify", enterprise_user_x, note=" ")

    moved = do(hazard, "rectify", enterprise_user_x)
    assert moved.photos.get().kind == "evidence"
    assert moved.rectified_on is not None


def test_sending_back_needs_a_reason_and_notifies_the_enterprise(world, staff, inspector, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFIED)

    with pytest.raises(ValidationError, match="必须填写理由"):
        do(hazard, "send_back", inspector, note="")

    do(hazard, "send_back", inspector, note="防护罩未安装")
    assert enterprise_user_x.notifications.get().message.endswith("防护罩未安装")


def test_the_whole_life_leaves_a_timeline(world, staff, inspector, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    for action, user in [
        ("start", enterprise_user_x),
        ("rectify", enterprise_user_x),
        ("send_back", inspector),
        ("rectify", enterprise_user_x),
        ("close", inspector),
    ]:
        hazard = do(hazard, action, user)

    steps = [(e.get_action_display(), e.to_status) for e in HazardEvent.objects.filter(hazard=hazard)]
    assert steps == [
        ("开始整改", "rectifying"),
        ("报告整改完成", "rectified"),
        ("退回整改", "rectifying"),
        ("报告整改完成", "rectified"),
        ("验收销号", "closed"),
    ]
    assert hazard.closed_at is not None


def test_a_stale_version_is_refused(world, staff, inspector):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    stale_version = hazard.version
    do(hazard, "start", inspector)

    with pytest.raises(ValidationError, match="已被他人更新"):
        hazard_transition(hazard=hazard, action="start", actor=staff, version=stale_version)
