"""Accountability (追责): staff record it; the bureau sees the list the dashboard figures count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections.accidents.models import Accountability

TODAY = timezone.localdate()


def test_staff_record_accountability_through_the_form(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("rankings:accountability_create"),
        {"date": TODAY.isoformat(), "kind": "criminal", "person_count": "2", "summary": "事故责任人移送司法机关"},
    )

    assert response.status_code == 302 and response["Location"] == reverse("rankings:accountability_list")
    record = Accountability.objects.get()
    assert (record.kind, record.person_count, record.recorded_by, record.date) == ("criminal", 2, staff, TODAY)
    listed = client.get(response["Location"])
    assert listed.context["totals"] == {"criminal": 2, "discipline": 0, "bulletins": 0}


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"person_count": "0"}, "涉及人数至少为 1。"),
        ({"date": (TODAY + timedelta(days=1)).isoformat()}, "日期不能晚于今天。"),
        ({"summary": ""}, "请填写情况摘要。"),
        ({"kind": "other"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_record_is_refused_in_chinese(client, staff, data, error):
    client.force_login(staff)
    valid = {"date": TODAY.isoformat(), "kind": "discipline", "person_count": "3", "summary": "追究党政纪责任"}

    response = client.post(reverse("rankings:accountability_create"), {**valid, **data})

    assert response.status_code == 200 and error in response.content.decode()
    assert not Accountability.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bureau_admin", 200), ("staff", 200), ("inspector", 200), ("grid_officer_a", 403), ("enterprise_user_x", 403)],
)
def test_the_list_is_the_bureaus(request, client, world, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("rankings:accountability_list")).status_code == status


def test_the_list_filters_by_period_and_kind(client, staff):
    for kind, day in [("criminal", TODAY), ("criminal", TODAY - timedelta(days=400)), ("bulletin", TODAY)]:
        Accountability.objects.create(date=day, kind=kind, person_count=1, summary="追责", recorded_by=staff)
    client.force_login(staff)

    response = client.get(
        reverse("rankings:accountability_list"),
        {"start": (TODAY - timedelta(days=30)).isoformat(), "end": TODAY.isoformat(), "kind": "criminal"},
    )

    assert [(r.kind, r.date) for r in response.context["page_obj"]] == [("criminal", TODAY)]
