from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from enterprises.models import GradeChange, RiskGrade
from enterprises.services import enterprise_change_grade


def change(enterprise, grade, effective, actor, reason="检查发现问题"):
    return enterprise_change_grade(
        enterprise=enterprise, grade=grade, effective_date=effective, reason=reason, actor=actor
    )


def test_the_current_grade_is_the_latest_decision(world, staff, inspector):
    x = world.enterprise_x
    change(x, RiskGrade.BLUE, date(2025, 1, 1), staff)
    change(x, RiskGrade.RED, date(2026, 5, 1), inspector)
    change(x, RiskGrade.YELLOW, date(2025, 6, 1), staff)  # recorded late, but older than the red decision

    x.refresh_from_db()
    assert x.grade == RiskGrade.RED
    assert [c.grade for c in x.grade_changes.all()] == [RiskGrade.RED, RiskGrade.YELLOW, RiskGrade.BLUE]


def test_a_reason_is_required(world, staff):
    with pytest.raises(ValidationError) as excinfo:
        change(world.enterprise_x, RiskGrade.RED, date(2026, 1, 1), staff, reason="  ")

    assert "reason" in excinfo.value.message_dict
    assert not GradeChange.objects.exists()


def test_a_future_date_is_refused(world, staff):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        change(world.enterprise_x, RiskGrade.RED, timezone.localdate() + timedelta(days=1), staff)


@pytest.mark.parametrize("persona", ["bureau_admin", "grid_officer_a", "enterprise_user_x"])
def test_only_staff_and_inspectors_change_grades(request, world, persona):
    user = request.getfixturevalue(persona)

    with pytest.raises(PermissionDenied):
        change(world.enterprise_x, RiskGrade.GREEN, date(2026, 1, 1), user)
    assert not GradeChange.objects.exists()


def test_the_dossier_shows_the_history_and_the_form_posts_a_change(client, world, inspector):
    client.force_login(inspector)

    response = client.post(
        reverse("enterprises:grade", args=[world.enterprise_x.pk]),
        {"grade": "yellow", "effective_date": "2026-02-01", "reason": "涉及危化品储存"},
        follow=True,
    )

    assert "等级已调整" in response.content.decode()
    assert "涉及危化品储存" in response.content.decode()
    world.enterprise_x.refresh_from_db()
    assert world.enterprise_x.grade == RiskGrade.YELLOW


def test_a_grade_post_without_reason_says_why_and_changes_nothing(client, world, inspector):
    client.force_login(inspector)

    response = client.post(
        reverse("enterprises:grade", args=[world.enterprise_x.pk]),
        {"grade": "red", "effective_date": "2026-02-01", "reason": ""},
        follow=True,
    )

    assert "请填写调整理由" in response.content.decode()
    world.enterprise_x.refresh_from_db()
    assert world.enterprise_x.grade == ""


def test_grid_officer_gets_403_posting_a_grade(client, world, grid_officer_a):
    client.force_login(grid_officer_a)

    response = client.post(
        reverse("enterprises:grade", args=[world.enterprise_x.pk]),
        {"grade": "red", "effective_date": "2026-02-01", "reason": "x"},
    )

    assert response.status_code == 403
