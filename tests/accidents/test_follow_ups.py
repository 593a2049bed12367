"""Follow-ups (后续处理, 追责): staff record them; the bureau sees the list the dashboard figures count."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from inspections.accidents.models import Accountability

TODAY = timezone.localdate()


def test_staff_record_accountability_through_the_form(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("accidents:follow_up_create"),
        {"date": TODAY.isoformat(), "kind": "criminal", "person_count": "2", "summary": "事故责任人移送司法机关"},
    )

    assert response.status_code == 302 and response["Location"] == reverse("accidents:follow_ups")
    record = Accountability.objects.get()
    assert (record.kind, record.person_count, record.recorded_by, record.date) == ("criminal", 2, staff, TODAY)
    listed = client.get(response["Location"])
    assert listed.context["totals"] == {"criminal": 2, "discipline": 0, "bulletins": 0, "penalties": 0}


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

    response = client.post(reverse("accidents:follow_up_create"), {**valid, **data})

    assert response.status_code == 200 and error in response.content.decode()
    assert not Accountability.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("bureau_admin", 200), ("staff", 200), ("inspector", 200), ("grid_officer_a", 403), ("enterprise_user_x", 403)],
)
def test_the_list_is_the_bureaus(request, client, world, persona, status):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("accidents:follow_ups")).status_code == status


def test_the_list_filters_by_period_and_kind(client, staff):
    for kind, day in [("criminal", TODAY), ("criminal", TODAY - timedelta(days=400)), ("bulletin", TODAY)]:
        Accountability.objects.create(date=day, kind=kind, person_count=1, summary="追责", recorded_by=staff)
    client.force_login(staff)

    response = client.get(
        reverse("accidents:follow_ups"),
        {"start": (TODAY - timedelta(days=30)).isoformat(), "end": TODAY.isoformat(), "kind": "criminal"},
    )

    assert [(r.kind, r.date) for r in response.context["page_obj"]] == [("criminal", TODAY)]


# Follow-ups of an accident ---------------------------------------------------------------------------------------


def _accident(world, inspector):
    from tests.accidents.helpers import report

    return report(world.enterprise_x, inspector, deaths=1)


def test_a_follow_up_moves_from_pending_to_done_with_its_dates(world, inspector, staff):
    from inspections.accidents.services import accountability_edit, accountability_record

    record = accountability_record(
        accident=_accident(world, inspector), date=TODAY, kind="criminal", person_count=1, summary="移送", actor=staff
    )
    assert record.status == "pending"
    with pytest.raises(ValidationError, match="已办结的请填写办结日期"):
        accountability_edit(record=record, actor=staff, status="done")

    record = accountability_edit(record=record, actor=staff, status="in_progress", started_on=TODAY)
    record = accountability_edit(record=record, actor=staff, status="done", done_on=TODAY)

    assert (record.status, record.started_on, record.done_on) == ("done", TODAY, TODAY)


def test_an_administrative_penalty_links_the_case_of_the_accidents_enterprise(world, inspector, inspector2, staff):
    from inspections.accidents.services import accountability_record
    from inspections.enforcement.services import case_open

    accident = _accident(world, inspector)
    own = case_open(enterprise=world.enterprise_x, title="事故单位违法案", actor=inspector, co_signer=inspector2)
    other = case_open(enterprise=world.enterprise_y, title="另一企业案", actor=inspector, co_signer=inspector2)
    fields = {"accident": accident, "date": TODAY, "kind": "penalty", "person_count": 1, "summary": "立案处罚"}

    with pytest.raises(ValidationError, match="处罚案件的当事单位应为事故单位"):
        accountability_record(case=other, actor=staff, **fields)
    with pytest.raises(ValidationError, match="只有行政处罚可以关联处罚案件"):
        accountability_record(case=own, actor=staff, **{**fields, "kind": "bulletin"})
    with pytest.raises(ValidationError, match="行政处罚须关联事故"):
        accountability_record(case=own, actor=staff, **{**fields, "accident": None})

    record = accountability_record(case=own, actor=staff, **fields)

    assert record.case == own and list(accident.follow_ups.all()) == [record]


def test_the_accident_page_offers_only_its_enterprises_cases(client, world, inspector, inspector2, staff):
    from inspections.enforcement.services import case_open

    accident = _accident(world, inspector)
    case_open(enterprise=world.enterprise_y, title="另一企业案", actor=inspector, co_signer=inspector2)
    own = case_open(enterprise=world.enterprise_x, title="事故单位违法案", actor=inspector, co_signer=inspector2)
    client.force_login(staff)

    form = client.get(reverse("accidents:accident_follow_up_create", args=[accident.pk])).context["form"]

    assert list(form.fields["case"].queryset) == [own]


def test_the_old_list_address_keeps_its_query(client, staff):
    client.force_login(staff)

    response = client.get(reverse("rankings:accountability_list"), {"kind": "criminal", "start": "2026-01-01"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accidents:follow_ups") + "?kind=criminal&start=2026-01-01"


def test_a_follow_up_of_no_accident_offers_no_penalty_and_refuses_one_in_chinese(client, staff):
    client.force_login(staff)
    valid = {"date": TODAY.isoformat(), "kind": "penalty", "person_count": "1", "summary": "处罚"}

    response = client.post(reverse("accidents:follow_up_create"), valid)

    assert response.status_code == 200 and "选择一个有效的选项" in response.content.decode()
    assert "penalty" not in dict(response.context["form"].fields["kind"].choices)
    assert not Accountability.objects.exists()
