"""The report (事故快报): graded when recorded, due one hour after the accident (迟报 after it), casualty changes
(补报) recorded as their own steps and grading again; who sees which accident."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.accidents.models import Accident, AccidentAction
from inspections.accidents.services import accident_edit, accident_supplement
from tests.accidents.helpers import at, report
from tests.totals import data_total

TODAY = timezone.localdate()


def test_a_report_is_graded_and_dated_by_its_time(world, inspector):
    accident = report(world.enterprise_x, inspector, occurred_at=at(TODAY - timedelta(days=3), 0, 30), deaths=3)

    assert accident.grade == "larger"
    assert accident.date == TODAY - timedelta(days=3)  # the day in the bureau's time zone, not UTC's
    assert [e.action for e in accident.events.all()] == [AccidentAction.REPORT]


@pytest.mark.parametrize(("minutes", "late"), [(0, False), (59, False), (60, False), (61, True), (300, True)])
def test_a_report_after_the_hour_is_late(world, inspector, minutes, late):
    occurred = at(TODAY - timedelta(days=1), 8)
    accident = report(
        world.enterprise_x, inspector, occurred_at=occurred,
        reported_at=occurred + timedelta(minutes=minutes), reported_by="张厂长",
    )  # fmt: skip

    assert accident.is_late is late
    assert Accident.objects.late().filter(pk=accident.pk).exists() is late
    assert not accident.is_report_overdue


def test_one_not_yet_reported_past_the_hour_is_overdue_and_an_old_record_is_neither(world, inspector):
    recent = report(world.enterprise_x, inspector, occurred_at=timezone.now() - timedelta(minutes=30))
    overdue = report(world.enterprise_x, inspector, occurred_at=timezone.now() - timedelta(hours=2))
    old = Accident.objects.create(
        date=TODAY - timedelta(days=400), enterprise=world.enterprise_x, summary="旧记录", recorded_by=inspector
    )

    assert not recent.is_report_overdue and overdue.is_report_overdue
    assert old.report_time_unknown and not old.is_report_overdue and not old.is_late
    assert list(Accident.objects.unreported_past_deadline()) == [overdue]


def test_a_report_before_the_accident_or_in_the_future_is_refused(world, inspector):
    occurred = at(TODAY - timedelta(days=1), 8)
    with pytest.raises(ValidationError, match="报告时间不能早于发生时间"):
        report(world.enterprise_x, inspector, occurred_at=occurred, reported_at=occurred - timedelta(minutes=5))
    with pytest.raises(ValidationError, match="发生时间不能晚于现在"):
        report(world.enterprise_x, inspector, occurred_at=timezone.now() + timedelta(hours=1))
    assert not Accident.objects.exists()


def test_a_future_time_in_the_hour_before_midnight_is_refused_for_its_time(world, inspector):
    # An hour ahead of 23:30 is tomorrow: the error names the time that was typed, not the day derived from it.
    with time_machine.travel(at(TODAY, 23, 30), tick=False), pytest.raises(ValidationError) as refused:
        report(world.enterprise_x, inspector, occurred_at=timezone.now() + timedelta(hours=1))
    assert refused.value.message_dict == {"occurred_at": ["发生时间不能晚于现在。"]}
    assert not Accident.objects.exists()


def test_a_casualty_change_raises_the_grade_on_the_timeline(client, world, inspector):
    accident = report(world.enterprise_x, inspector, deaths=2, serious_injuries=1)
    assert accident.grade == "general"

    accident = accident_supplement(
        accident=accident, actor=inspector, deaths=3, serious_injuries=0, injuries=0, direct_loss=Decimal("12.5"),
        note="一名重伤人员经抢救无效死亡",
    )  # fmt: skip

    assert accident.grade == "larger"
    change = accident.events.get(action=AccidentAction.SUPPLEMENT)
    assert (change.deaths, change.grade_from, change.grade_to, change.raised) == (3, "general", "larger", True)
    client.force_login(inspector)
    body = client.get(accident.get_absolute_url()).content.decode()
    assert "等级上升" in body and "一般事故 → 较大事故" in body


def test_a_supplement_that_changes_nothing_is_refused(world, inspector):
    accident = report(world.enterprise_x, inspector, deaths=1)

    with pytest.raises(ValidationError, match="无需补报"):
        accident_supplement(accident=accident, actor=inspector, deaths=1, serious_injuries=0, injuries=0, direct_loss=0)


def test_the_report_edit_leaves_casualties_to_the_supplement(world, inspector):
    accident = report(world.enterprise_x, inspector, deaths=1)

    accident = accident_edit(accident=accident, actor=inspector, place="二号车间", deaths=5)

    assert (accident.place, accident.deaths) == ("二号车间", 1)


def test_an_enterprise_user_records_nothing(world, enterprise_user_x, inspector):
    with pytest.raises(PermissionDenied):
        report(world.enterprise_x, enterprise_user_x)


def test_the_new_form_reports_and_redirects_to_the_accident(client, world, staff):
    client.force_login(staff)
    day = TODAY - timedelta(days=1)

    response = client.post(
        reverse("accidents:create"),
        {
            "credit_code": world.enterprise_x.credit_code,
            "occurred_at": f"{day}T09:15",
            "place": "冲压车间",
            "kind": "machinery",
            "deaths": "0",
            "serious_injuries": "10",
            "injuries": "0",
            "direct_loss": "35.5",
            "summary": "冲压设备防护失效",
            "reported_at": f"{day}T10:30",
            "reported_by": "王建国",
        },
    )

    accident = Accident.objects.get()
    assert response["Location"] == accident.get_absolute_url()
    assert (accident.grade, accident.is_late, accident.direct_loss) == ("larger", True, Decimal("35.50"))


# The list ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def accidents(world, inspector):
    day = TODAY - timedelta(days=5)
    return {
        "x_late": report(
            world.enterprise_x, inspector, occurred_at=at(day), reported_at=at(day, 11), reported_by="甲", deaths=3
        ),
        "y": report(world.enterprise_y, inspector, occurred_at=at(day), reported_at=at(day, 9, 30), reported_by="乙"),
    }


@pytest.mark.parametrize(
    ("params", "total"),
    [({}, 2), ({"late": "1"}, 1), ({"late": "0"}, 1), ({"grade": "larger"}, 1), ({"grade": "major"}, 0),
     ({"kind": "machinery"}, 2), ({"year": str((TODAY - timedelta(days=5)).year)}, 2), ({"year": "2001"}, 0)],
)  # fmt: skip
def test_the_list_filters_and_counts(client, accidents, staff, params, total):
    client.force_login(staff)

    assert data_total(client.get(reverse("accidents:list"), params)) == total


@pytest.mark.parametrize("params", [{"year": "abc"}, {"grade": "huge"}, {"late": "maybe"}, {"town": "nowhere"}])
def test_an_invalid_filter_value_is_refused_not_ignored(client, accidents, staff, params):
    client.force_login(staff)

    response = client.get(reverse("accidents:list"), params)

    assert response.status_code == 200 and data_total(response) == 0
    assert "选择一个有效的选项" in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "seen"),
    [("staff", {"x_late", "y"}), ("grid_officer_a", {"x_late"}), ("grid_officer_b", {"y"}),
     ("enterprise_user_x", {"x_late"})],
)  # fmt: skip
def test_each_sees_the_accidents_of_the_enterprises_they_see(request, client, accidents, persona, seen):
    client.force_login(request.getfixturevalue(persona))

    listed = client.get(reverse("accidents:list")).context["page_obj"]

    assert {name for name, a in accidents.items() if a in listed} == seen
    hidden = next((a for name, a in accidents.items() if name not in seen), None)
    if hidden:
        assert client.get(hidden.get_absolute_url()).status_code == 404


def test_an_enterprise_user_reads_its_accident_without_follow_ups_or_actions(client, accidents, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = client.get(accidents["x_late"].get_absolute_url())

    body = response.content.decode()
    assert response.status_code == 200 and "迟报" in body
    assert (
        "后续处理" not in body and 'id="follow-ups"' not in body and "修改</a>" not in body and "补报</a>" not in body
    )
