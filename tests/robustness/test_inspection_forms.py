"""Enforcement forms with hostile values: recording an inspection, its checklist and findings, documents, cases,
campaigns and their targets, experts and talks; the enforcement lists' filters."""

from datetime import date as Date

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from enterprises.models import Industry
from hazards.models import Category, HazardLevel, Subcategory
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_save
from inspections.enforcement.models import Case
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import InspectionCheck, InspectionKind
from inspections.inspection.services import checklist_items_for, inspection_record
from inspections.registers.models import Expert
from tests.factories import make_hazard
from tests.robustness.hostile import (
    FORM_SETTINGS,
    choice,
    date,
    days_from_today,
    form,
    ids,
    number,
    photos,
    rolled_back,
    several,
    submit,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspection(world, inspector, inspector2):
    return inspection_record(
        enterprise=world.enterprise_x, date=Date(2026, 1, 20), inspectors=[inspector, inspector2], actor=inspector
    )


def _inspectors(values, people):
    return [people.get(value, value) for value in values]


@FORM_SETTINGS
@given(
    data=form(
        {
            "enterprise": "x",
            "date": days_from_today(-1),
            "kind": InspectionKind.ROUTINE,
            "campaign": "",
            "inspectors": ["me", "other"],
            "experts": [],
            "summary": "现场检查",
        },
        {
            "enterprise": ids("x"),
            "date": date(),
            "kind": choice(*InspectionKind.values),
            "campaign": ids("", "-1"),
            "inspectors": several("me", "other"),
            "experts": several("-1"),
            "summary": text("现场检查", ""),
        },
    )
)
def test_recording_an_inspection(as_user, world, inspector, inspector2, data):
    data["enterprise"] = world.enterprise_x.credit_code if data["enterprise"] == "x" else data["enterprise"]
    data["inspectors"] = _inspectors(data["inspectors"], {"me": inspector.pk, "other": inspector2.pk})
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("inspections:create"), data)


@FORM_SETTINGS
@given(
    results=st.lists(choice(*InspectionCheck.Result.values), min_size=1, max_size=40),
    notes=st.lists(text("", "灭火器过期"), min_size=1, max_size=40),
    deadline=date(),
    responsible=text("王建国", ""),
    uploads=photos(),
)
def test_recording_the_checklist(as_user, world, inspector, inspection, results, notes, deadline, responsible, uploads):
    items = list(checklist_items_for(inspection.enterprise))
    data = {"rectification_deadline": deadline, "responsible_person": responsible}
    for index, item in enumerate(items):
        data[f"result_{item.pk}"] = results[index % len(results)]
        data[f"note_{item.pk}"] = notes[index % len(notes)]
    if items:
        data[f"photo_{items[0].pk}"] = uploads
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("inspections:checklist", args=[inspection.pk]), data, ok=(302,))


@FORM_SETTINGS
@given(
    data=form(
        {
            "found_on": days_from_today(-1),
            "location": "配电房",
            "description": "配电箱未接地",
            "category": Category.SITE,
            "subcategory": Subcategory.ELECTRICITY,
            "level": HazardLevel.GENERAL,
            "rectification_deadline": days_from_today(7),
            "responsible_person": "王建国",
            "funds": "",
            "photos": [],
        },
        {
            "found_on": date(),
            "location": text("配电房"),
            "description": text("配电箱未接地"),
            "category": choice(*Category.values),
            "subcategory": choice(*Subcategory.values),
            "level": choice(*HazardLevel.values),
            "rectification_deadline": date(),
            "responsible_person": text("王建国"),
            "funds": number("", 500),
            "photos": photos(),
        },
    )
)
def test_adding_a_finding(as_user, world, inspector, inspection, data):
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("inspections:add_finding", args=[inspection.pk]), data)


@FORM_SETTINGS
@given(
    kind=st.sampled_from(DocumentKind.values),
    data=form(
        {
            "co_signer": "other",
            "facts": "现场发现配电箱未接地",
            "legal_basis": "《中华人民共和国安全生产法》第六十五条",
            "requirements": "限期整改",
            "deadline": days_from_today(14),
            "hazards": ["open"],
            "suspends": "",
            "lifts_suspension": "",
            "fine_amount": "5000",
        },
        {
            "co_signer": ids("other", "me"),
            "facts": text("现场发现配电箱未接地", ""),
            "legal_basis": text("《中华人民共和国安全生产法》第六十五条", ""),
            "requirements": text("限期整改", ""),
            "deadline": date(),
            "hazards": several("open"),
            "suspends": choice("on", ""),
            "lifts_suspension": choice("on", ""),
            "fine_amount": number("", 5000, "20000.00"),
        },
    ),
)
def test_issuing_any_document(as_user, world, inspector, inspector2, kind, data):
    open_hazard = make_hazard(enterprise=world.enterprise_x, reported_by=inspector)
    data["co_signer"] = {"other": inspector2.pk, "me": inspector.pk}.get(data["co_signer"], data["co_signer"])
    data["hazards"] = [open_hazard.pk if value == "open" else value for value in data["hazards"]]
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("documents:issue", args=[world.enterprise_x.pk, kind]), data)


@FORM_SETTINGS
@given(
    data=form(
        {"title": "未按规定配备安全管理人员", "co_signer": "other", "facts": "经查", "legal_basis": "第九十七条"},
        {
            "title": text("未按规定配备安全管理人员"),
            "co_signer": ids("other"),
            "facts": text("", "经查"),
            "legal_basis": text("", "第九十七条"),
        },
    )
)
def test_opening_a_case(as_user, world, inspector, inspector2, data):
    data["co_signer"] = inspector2.pk if data["co_signer"] == "other" else data["co_signer"]
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("cases:open", args=[world.enterprise_x.pk]), data)


@FORM_SETTINGS
def campaign_fields():
    return {
        "name": text("2026 年有限空间专项整治"),
        "description": text("", "排查有限空间作业"),
        "start_date": date(),
        "end_date": date(),
        "special_categories": several("confined_space", "dust"),
        "industries": several(*Industry.values),
        "towns": several("town"),
    }


VALID_CAMPAIGN = {
    "name": "2026 年有限空间专项整治",
    "description": "排查有限空间作业",
    "start_date": days_from_today(0),
    "end_date": days_from_today(90),
    "special_categories": ["confined_space"],
    "industries": [],
    "towns": [],
}


def _campaign_data(data, world):
    from enterprises.models import SpecialCategory

    codes = dict(SpecialCategory.objects.values_list("code", "pk"))
    data["special_categories"] = [codes.get(value, value) for value in data["special_categories"]]
    data["towns"] = [world.town1.pk if value == "town" else value for value in data["towns"]]
    return data


@FORM_SETTINGS
@given(data=form(VALID_CAMPAIGN, campaign_fields()))
def test_creating_a_campaign(as_user, world, staff, data):
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("campaigns:create"), _campaign_data(data, world))


@pytest.fixture
def campaign(world, staff):
    from enterprises.models import SpecialCategory

    campaign = campaign_save(
        campaign=Campaign(name="有限空间专项整治", start_date=Date(2026, 1, 1), end_date=Date(2026, 12, 31)),
        special_categories=[],
        industries=[Industry.OTHER],
        towns=[],
        actor=staff,
    )
    assert SpecialCategory.objects.exists()
    CampaignTarget.objects.get_or_create(campaign=campaign, enterprise=world.enterprise_x)
    return campaign


@FORM_SETTINGS
@given(data=form(VALID_CAMPAIGN, campaign_fields()))
def test_editing_a_campaign(as_user, world, staff, campaign, data):
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("campaigns:edit", args=[campaign.pk]), _campaign_data(data, world))


@FORM_SETTINGS
@given(step=choice("surveyed", "completed"), next_url=text("", "/campaigns/", "https://evil.example/", "//evil"))
def test_marking_a_target(as_user, world, inspector, campaign, step, next_url):
    target = campaign.targets.get()
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("campaigns:mark_target", args=[target.pk]), {"step": step, "next": next_url})


@FORM_SETTINGS
@given(town=ids("town"), state=choice("pending", "surveyed", "completed"), page=text("1", "2"))
def test_the_campaign_target_filter(as_user, world, grid_officer_a, campaign, town, state, page):
    data = {"town": world.town1.code if town == "town" else town, "state": state}
    client = as_user(grid_officer_a)
    with rolled_back():
        submit(client, "get", reverse("campaigns:detail", args=[campaign.pk]), data, ok=(200,))
        submit(client, "get", reverse("campaigns:detail", args=[campaign.pk]), {"page": page}, navigation=True)


def expert_fields():
    return {
        "name": text("陈工"),
        "specialty": text("危险化学品"),
        "organization": text("", "温州市安全生产协会"),
        "phone": text("", "13800000000"),
        "active": choice("on", ""),
    }


@FORM_SETTINGS
@given(
    data=form(
        {"name": "陈工", "specialty": "危险化学品", "organization": "", "phone": "", "active": "on"}, expert_fields()
    )
)
def test_adding_and_editing_an_expert(as_user, world, staff, data):
    expert = Expert.objects.first() or Expert.objects.create(name="李工", specialty="机械")
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("inspections:expert_create"), data)
        submit(client, "post", reverse("inspections:expert_edit", args=[expert.pk]), data)


@FORM_SETTINGS
@given(
    data=form(
        {
            "enterprise": "x",
            "head_name": "张总",
            "head_title": "主要负责人",
            "date": days_from_today(-2),
            "interviewers": ["me"],
            "topics": "落实安全生产主体责任",
            "follow_up": "",
        },
        {
            "enterprise": ids("x"),
            "head_name": text("张总"),
            "head_title": text("主要负责人", ""),
            "date": date(),
            "interviewers": several("me"),
            "topics": text("落实安全生产主体责任"),
            "follow_up": text("", "一个月后复查"),
        },
    )
)
def test_recording_a_talk(as_user, world, staff, data):
    data["enterprise"] = world.enterprise_x.credit_code if data["enterprise"] == "x" else data["enterprise"]
    data["interviewers"] = [staff.pk if value == "me" else value for value in data["interviewers"]]
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("inspections:talk_create"), data)


@FORM_SETTINGS
@given(
    enterprise=text("企业X", "%", "_"),
    kind=choice(*InspectionKind.values),
    campaign=ids("-1", "1"),
    town=ids("town"),
    after=date(),
    before=date(),
    status=choice(*Case.Status.values),
    q=text("陈", "%"),
    active=choice("1", "0"),
)
def test_the_enforcement_list_filters(
    as_user, world, staff, enterprise, kind, campaign, town, after, before, status, q, active
):
    town = world.town1.code if town == "town" else town
    client = as_user(staff)
    with rolled_back():
        inspections = {"enterprise": enterprise, "kind": kind, "campaign": campaign, "town": town}
        submit(client, "get", reverse("inspections:list"), {**inspections, "date_after": after}, ok=(200,))
        submit(client, "get", reverse("cases:list"), {"enterprise": enterprise, "status": status}, ok=(200,))
        talks = {"enterprise": enterprise, "date_after": after, "date_before": before}
        submit(client, "get", reverse("inspections:talks"), talks, ok=(200,))
        submit(client, "get", reverse("inspections:experts"), {"q": q, "active": active}, ok=(200,))
