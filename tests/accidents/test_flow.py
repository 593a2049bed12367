"""The issue's "Done when" for accidents, as the people do it through the pages: an accident reported late (flagged),
graded, a 补报 raising its grade, the investigation formed, submitted by an inspector and approved by staff, and
its follow-ups recorded (criminal referral, discipline, a penalty linked to the enterprise's case); the dashboard's
accountability figures rise by what was recorded."""

import re
from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from inspections.accidents.models import Accident, Accountability
from inspections.enforcement.services import case_open

FIGURES = ("accountability.criminal", "accountability.discipline")


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def _figures(client):
    page = client.get(reverse("home")).content.decode()
    found = {}
    for key in FIGURES:
        match = re.search(rf'data-figure="{re.escape(key)}" data-value="(\d+)"', page)
        assert match, f"the dashboard shows no {key}"
        found[key] = int(match.group(1))
    return found


def _moment(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_an_accident_from_report_to_accountability(world, inspector, inspector2, staff):
    by_inspector, by_staff = _as(inspector), _as(staff)
    before = _figures(by_staff)
    occurred = timezone.now().replace(second=0, microsecond=0) - timedelta(days=2)

    # Reported three hours after the accident: late (the hour to the county authority is past).
    response = by_inspector.post(
        reverse("accidents:create"),
        {
            "credit_code": world.enterprise_x.credit_code,
            "occurred_at": _moment(occurred),
            "place": "冲压车间",
            "kind": "machinery",
            "deaths": "1",
            "serious_injuries": "0",
            "injuries": "2",
            "direct_loss": "120",
            "summary": "冲床误动作致一人死亡",
            "reported_at": _moment(occurred + timedelta(hours=3)),
            "reported_by": "王建国",
        },
    )
    assert response.status_code == 302
    accident = Accident.objects.get(enterprise=world.enterprise_x)
    assert accident.is_late and accident.grade == "general"
    assert "迟报" in by_staff.get(accident.get_absolute_url()).content.decode()

    # 补报: two of the injured died; three deaths make it 较大.
    by_inspector.post(
        reverse("accidents:supplement", args=[accident.pk]),
        {"deaths": "3", "serious_injuries": "0", "injuries": "0", "direct_loss": "120", "note": "两人经抢救无效死亡"},
    )
    accident.refresh_from_db()
    assert (accident.deaths, accident.grade) == (3, "larger")

    # The investigation: formed and its findings saved by the inspector, submitted, approved by staff.
    by_inspector.post(
        reverse("accidents:investigation", args=[accident.pk]),
        {
            "leader": "陈立",
            "members": "应急管理局、公安局、总工会",
            "cause": "冲床安全装置失效",
            "responsibility": "企业主要负责人未履行安全生产管理职责",
            "proposed_handling": "移送司法机关、给予党纪处分、立案处罚",
        },
    )
    assert by_inspector.post(reverse("accidents:submit", args=[accident.pk])).status_code == 302
    assert by_staff.post(reverse("accidents:approve", args=[accident.pk]), {"note": "同意"}).status_code == 302
    accident.refresh_from_db()
    assert accident.investigation.status == "approved"
    assert accident.investigation.approved_by == staff

    # Follow-ups: criminal referral of two, discipline of three, a penalty linked to the enterprise's case.
    case = case_open(enterprise=world.enterprise_x, title="事故单位违法案", actor=inspector, co_signer=inspector2)
    today = timezone.localdate().isoformat()
    for kind, count, extra in (("criminal", 2, {}), ("discipline", 3, {}), ("penalty", 1, {"case": case.pk})):
        response = by_staff.post(
            reverse("accidents:accident_follow_up_create", args=[accident.pk]),
            {"kind": kind, "date": today, "person_count": str(count), "summary": f"{kind} 追责", **extra},
        )
        assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert accident.follow_ups.count() == 3
    assert Accountability.objects.get(accident=accident, kind="penalty").case == case

    assert _figures(by_staff) == {
        "accountability.criminal": before["accountability.criminal"] + 2,
        "accountability.discipline": before["accountability.discipline"] + 3,
    }
