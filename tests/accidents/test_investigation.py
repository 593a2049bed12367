"""The investigation (第二十九条): the report due 60 days after the accident, extended once by at most 60 days by the
person in charge; submitted with its findings and approved by staff or an admin, never by its drafter; warned about
before its due date passes."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau import workdays
from bureau.once import AlreadyDone
from inspections.accidents.deadlines import investigation_deadline_notices
from inspections.accidents.models import Investigation
from inspections.accidents.services import (
    investigation_approve,
    investigation_extend,
    investigation_return,
    investigation_save,
    investigation_submit,
)
from tests.accidents.helpers import at, report

FINDINGS = {"cause": "未停机检修", "responsibility": "企业负主要责任", "proposed_handling": "依法处罚"}


@pytest.fixture
def accident(world, inspector):
    return report(world.enterprise_x, inspector, occurred_at=at(date(2026, 3, 2)), deaths=1)


@pytest.fixture
def investigation(accident, inspector):
    return investigation_save(accident=accident, actor=inspector, leader="李队长", members="王、张")


def test_the_report_is_due_sixty_days_after_the_accident(investigation):
    assert investigation.due_on == workdays.add_days(date(2026, 3, 2), 60)
    assert investigation.due_on >= date(2026, 5, 1) and investigation.status == "draft"


def test_the_period_is_extended_once_by_at_most_sixty_days(investigation, staff, bureau_admin):
    with pytest.raises(ValidationError, match="1 至 60 天"):
        investigation_extend(investigation=investigation, actor=staff, days=61, reason="技术鉴定")

    extended = investigation_extend(investigation=investigation, actor=staff, days=60, reason="技术鉴定")

    assert extended.extended_to == extended.due_on + timedelta(days=60)
    assert extended.report_due == extended.extended_to and extended.extension_approved_by == staff
    with pytest.raises(AlreadyDone, match="只能延长一次|不能再次延长"):
        investigation_extend(investigation=extended, actor=bureau_admin, days=10, reason="再延")


def test_an_inspector_may_not_extend(investigation, inspector):
    with pytest.raises(PermissionDenied):
        investigation_extend(investigation=investigation, actor=inspector, days=30, reason="技术鉴定")


def test_the_report_is_submitted_with_its_findings_and_approved_by_another(investigation, inspector, staff):
    with pytest.raises(ValidationError, match="请先填写事故原因、责任认定、处理建议"):
        investigation_submit(investigation=investigation, actor=inspector)
    investigation = investigation_save(accident=investigation.accident, actor=inspector, **FINDINGS)
    investigation = investigation_submit(investigation=investigation, actor=inspector)

    approved = investigation_approve(investigation=investigation, actor=staff, note="同意")

    assert (approved.status, approved.approved_by) == ("approved", staff)
    with pytest.raises(AlreadyDone):
        investigation_save(accident=approved.accident, actor=inspector, cause="改")


def test_the_drafter_never_approves_their_own_report(accident, staff):
    investigation = investigation_save(accident=accident, actor=staff, leader="组长", **FINDINGS)
    investigation_submit(investigation=investigation, actor=staff)

    with pytest.raises(PermissionDenied, match="拟稿人不能审批"):
        investigation_approve(investigation=investigation, actor=staff)
    assert Investigation.objects.get().status == "submitted"


def test_a_returned_report_says_why_and_is_edited_again(investigation, inspector, staff):
    investigation = investigation_save(accident=investigation.accident, actor=inspector, **FINDINGS)
    investigation_submit(investigation=investigation, actor=inspector)
    with pytest.raises(ValidationError, match="退回时请写明意见"):
        investigation_return(investigation=investigation, actor=staff, note=" ")

    returned = investigation_return(investigation=investigation, actor=staff, note="补充责任认定依据")

    assert returned.status == "returned"
    assert investigation_save(accident=returned.accident, actor=inspector, cause="未停机、未挂牌").cause


def test_the_approver_sees_the_buttons_and_the_drafter_does_not(client, investigation, inspector, staff):
    investigation = investigation_save(accident=investigation.accident, actor=inspector, **FINDINGS)
    investigation_submit(investigation=investigation, actor=inspector)
    url = investigation.accident.get_absolute_url()

    client.force_login(inspector)
    assert "批准调查报告" not in client.get(url).content.decode()
    client.force_login(staff)
    assert "批准调查报告" in client.get(url).content.decode()
    response = client.post(reverse("accidents:approve", args=[investigation.accident.pk]), {"note": ""})
    assert response.status_code == 302 and Investigation.objects.get().status == "approved"


def test_deadlines_are_warned_before_they_pass_and_after(investigation, inspector, staff):
    due = investigation.due_on

    assert investigation_deadline_notices(due - timedelta(days=30)) == {"due_soon": 0, "overdue": 0}
    assert investigation_deadline_notices(due - timedelta(days=3)) == {"due_soon": 2, "overdue": 0}
    assert investigation_deadline_notices(due - timedelta(days=2)) == {"due_soon": 0, "overdue": 0}  # told once
    assert investigation_deadline_notices(due + timedelta(days=1)) == {"due_soon": 0, "overdue": 2}
    assert inspector.notifications.filter(key__startswith="investigation_deadline:overdue").exists()


def test_the_list_marks_an_overdue_investigation(client, investigation, staff):
    client.force_login(staff)
    today = timezone.localdate()

    body = client.get(reverse("accidents:list")).content.decode()

    assert (investigation.report_due < today) == ("已超期" in body)


def test_the_notices_are_sent_daily_by_beat(settings):
    from inspections.tasks import notify_investigation_deadlines

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "inspections.tasks.notify_investigation_deadlines" in tasks
    assert notify_investigation_deadlines.name == "inspections.tasks.notify_investigation_deadlines"
