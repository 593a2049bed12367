from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hazards.criteria_models import MajorHazardCriterion
from hazards.models import DeadlineExtension, Hazard, HazardStatus
from hazards.services import hazard_transition
from tests.factories import make_hazard, make_image
from tests.hazards.test_photos import report_data


def test_an_enterprise_reports_for_its_own_unit_only(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    client.post(reverse("hazards:new"), report_data(enterprise=world.enterprise_y.credit_code, source="report"))

    hazard = Hazard.objects.get()
    assert hazard.enterprise == world.enterprise_x  # the posted enterprise and source are ignored
    assert hazard.source == "self_check"
    assert hazard.events.get().get_action_display() == "上报隐患"


def test_an_inspector_reports_for_any_enterprise_by_credit_code(client, world, inspector):
    client.force_login(inspector)

    client.post(reverse("hazards:new"), report_data(enterprise=world.enterprise_y.credit_code, source="inspection"))

    assert Hazard.objects.get().enterprise == world.enterprise_y


def test_a_grid_officer_cannot_report(client, world, grid_officer_a):
    client.force_login(grid_officer_a)

    assert client.get(reverse("hazards:new")).status_code == 403


def test_a_major_hazard_needs_its_treatment_plan(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    criterion = MajorHazardCriterion.objects.get(code="gm2023-3-2")  # the item makes the hazard major
    response = client.post(reverse("hazards:new"), report_data(criterion=criterion.pk, plan_objectives="消除隐患"))

    body = response.content.decode()
    assert "重大事故隐患须填写治理方案：采取的方法和措施" in body
    assert "治理的目标和任务。" not in body  # the one filled in is not complained about
    assert not Hazard.objects.exists()


def test_a_subcategory_of_another_category_is_refused(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = client.post(reverse("hazards:new"), report_data(category="basic", subcategory="equipment"))

    assert "不属于基础管理类" in response.content.decode()


def test_enterprise_user_cannot_see_or_act_on_anothers_hazard(client, world, staff, enterprise_user_y):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    client.force_login(enterprise_user_y)

    assert client.get(reverse("hazards:detail", args=[hazard.pk])).status_code == 404
    response = client.post(reverse("hazards:transition", args=[hazard.pk, "start"]), {"version": hazard.version})
    assert response.status_code == 404
    response = client.post(
        reverse("hazards:request_extension", args=[hazard.pk]), {"requested_deadline": "2027-01-01", "reason": "x"}
    )
    assert response.status_code == 404
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.REPORTED
    assert [h.pk for h in client.get(reverse("hazards:list")).context["page_obj"]] == []


def test_the_page_shows_only_the_buttons_this_user_may_press(client, world, staff, grid_officer_a, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFIED)

    client.force_login(enterprise_user_x)
    assert client.get(reverse("hazards:detail", args=[hazard.pk])).context["actions"] == []
    client.force_login(grid_officer_a)
    assert [a for a, _ in client.get(reverse("hazards:detail", args=[hazard.pk])).context["actions"]] == [
        "close",
        "send_back",
    ]


def test_rectification_posted_with_evidence_through_the_page(client, world, staff, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFYING)
    client.force_login(enterprise_user_x)

    response = client.post(
        reverse("hazards:transition", args=[hazard.pk, "rectify"]),
        {"version": hazard.version, "note": "已更换风机", "photos": [make_image()]},
        follow=True,
    )

    assert "操作成功" in response.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED


def test_a_second_click_is_told_the_move_is_done(client, world, staff, inspector):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    client.force_login(inspector)

    client.post(reverse("hazards:transition", args=[hazard.pk, "start"]), {"version": hazard.version})
    response = client.post(
        reverse("hazards:transition", args=[hazard.pk, "start"]), {"version": hazard.version}, follow=True
    )

    assert "该操作已完成，隐患现为“整改中”。" in response.content.decode()
    assert hazard.events.count() == 1


def test_a_stale_page_is_told_the_hazard_changed(client, world, staff, inspector, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    shown_version = hazard.version
    hazard_transition(hazard=hazard, action="start", actor=staff, version=shown_version)
    hazard_transition(
        hazard=hazard,
        action="rectify",
        actor=enterprise_user_x,
        version=shown_version + 1,
        note="已更换风机",
        photos=[make_image()],
    )
    client.force_login(inspector)

    response = client.post(
        reverse("hazards:transition", args=[hazard.pk, "start"]), {"version": shown_version}, follow=True
    )

    assert "已被他人更新" in response.content.decode()
    assert hazard.events.count() == 2


def test_a_deadline_extension_is_requested_and_decided_never_silently_edited(
    client, world, staff, enterprise_user_x, inspector
):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFYING)
    old_deadline = hazard.rectification_deadline
    new_deadline = old_deadline + timedelta(days=30)
    client.force_login(enterprise_user_x)
    client.post(
        reverse("hazards:request_extension", args=[hazard.pk]),
        {"requested_deadline": new_deadline.isoformat(), "reason": "设备订货周期长"},
    )
    hazard.refresh_from_db()
    assert hazard.rectification_deadline == old_deadline

    extension = DeadlineExtension.objects.get()
    client.force_login(inspector)
    refused = client.post(reverse("hazards:decide_extension", args=[extension.pk]), {"approve": "0"}, follow=True)
    assert "不批准延期必须填写理由" in refused.content.decode()
    client.post(reverse("hazards:decide_extension", args=[extension.pk]), {"approve": "1", "note": "同意"})

    hazard.refresh_from_db()
    assert hazard.rectification_deadline == new_deadline
    assert enterprise_user_x.notifications.get().message.startswith(f"隐患“{hazard.location}”的延期申请批准")


def test_an_earlier_extension_is_refused(client, world, staff, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, status=HazardStatus.RECTIFYING)
    client.force_login(enterprise_user_x)

    response = client.post(
        reverse("hazards:request_extension", args=[hazard.pk]),
        {"requested_deadline": hazard.rectification_deadline.isoformat(), "reason": "x"},
        follow=True,
    )

    assert "必须晚于当前整改期限" in response.content.decode()
    assert not DeadlineExtension.objects.exists()


@pytest.mark.parametrize(
    ("params", "expected", "overdue_count"),
    [
        ({"status": "closed"}, ["已关闭"], 0),
        ({"overdue": "1"}, ["逾期的"], 1),
        ({"level": "major"}, ["重大的"], 0),
        ({"enterprise": "企业Y"}, ["重大的"], 0),
        ({}, ["重大的", "已关闭", "逾期的"], 1),
    ],
)
def test_list_filters(client, world, staff, params, expected, overdue_count):
    today = timezone.localdate()
    make_hazard(enterprise=world.enterprise_x, reported_by=staff, location="已关闭", status=HazardStatus.CLOSED)
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        location="逾期的",
        found_on=today - timedelta(days=30),
        rectification_deadline=today - timedelta(days=1),
    )
    make_hazard(enterprise=world.enterprise_y, reported_by=staff, location="重大的", level="major")
    client.force_login(staff)

    response = client.get(reverse("hazards:list"), params)

    assert sorted(h.location for h in response.context["page_obj"]) == sorted(expected)
    assert response.context["overdue_count"] == overdue_count


def test_overdue_is_derived_on_the_boundary_day(world, staff):
    today = timezone.localdate()
    due_today = make_hazard(enterprise=world.enterprise_x, reported_by=staff, rectification_deadline=today)
    due_yesterday = make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        found_on=today - timedelta(days=9),
        rectification_deadline=today - timedelta(days=1),
    )

    assert not due_today.is_overdue and due_yesterday.is_overdue
    assert list(Hazard.objects.overdue()) == [due_yesterday]


def test_grid_officer_sees_hazards_of_their_cells(client, world, staff, grid_officer_b):
    make_hazard(enterprise=world.enterprise_x, reported_by=staff, location="A的")
    make_hazard(enterprise=world.enterprise_y, reported_by=staff, location="B的")
    client.force_login(grid_officer_b)

    assert [h.location for h in client.get(reverse("hazards:list")).context["page_obj"]] == ["B的"]


def test_the_dossier_and_the_cell_page_show_hazards(client, world, staff):
    make_hazard(enterprise=world.enterprise_x, reported_by=staff, location="配电柜")
    client.force_login(staff)

    dossier = client.get(reverse("enterprises:detail", args=[world.enterprise_x.pk])).content.decode()
    assert "配电柜" in dossier
    cell = client.get(reverse("grids:detail", args=[world.cell_a.code]))
    panel = next(p for p in cell.context["panels"] if p["template_name"] == "hazards/_grid_panel.html")
    assert panel["context"]["open_count"] == 1


def test_grid_officer_home_shows_overdue_and_due_soon_in_their_cells(client, world, staff, grid_officer_a):
    today = timezone.localdate()
    past = {"found_on": today - timedelta(days=20)}
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        location="逾期A",
        rectification_deadline=today - timedelta(days=2),
        **past,
    )
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        location="将到期A",
        rectification_deadline=today + timedelta(days=3),
    )
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        location="远期A",
        rectification_deadline=today + timedelta(days=30),
    )
    make_hazard(
        enterprise=world.enterprise_y,
        reported_by=staff,
        location="逾期B",
        rectification_deadline=today - timedelta(days=2),
        **past,
    )
    client.force_login(grid_officer_a)

    watch = client.get(reverse("home")).context["watch"]

    assert [h.location for h in watch["overdue"]] == ["逾期A"]
    assert [h.location for h in watch["due_soon"]] == ["将到期A"]
