"""The national major-hazard criteria: which items apply to an enterprise, the page that lists them, and a hazard
judged by one (an item makes it major; an item that does not apply is refused; the checklist can point at one)."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises.models import Enterprise, SpecialCategory
from hazards.criteria import criteria_for
from hazards.criteria_models import CriterionScope, CriterionStandard, MajorHazardCriterion
from hazards.models import MAJOR_PLAN_FIELDS, Hazard, HazardLevel
from hazards.services import hazard_report
from inspections.inspection.models import ChecklistItem, InspectionCheck
from inspections.inspection.services import checklist_items_for, inspection_record, inspection_record_checks
from tests.hazards.test_photos import report_data

PLAN = {name: f"方案 {name}" for name in MAJOR_PLAN_FIELDS}


def _criterion(code):
    return MajorHazardCriterion.objects.get(code=code)


def _set(enterprise, *, industry=None, categories=(), chemicals=None):
    fields = {"industry": industry} if industry else {}
    if chemicals is not None:
        fields["uses_hazardous_chemicals"] = chemicals
    Enterprise.objects.filter(pk=enterprise.pk).update(**fields)
    enterprise.refresh_from_db()
    enterprise.special_categories.set(SpecialCategory.objects.filter(code__in=categories))
    return enterprise


def _codes(enterprise):
    return set(criteria_for(enterprise).values_list("code", flat=True))


# The data ---------------------------------------------------------------------------------------------------------


def test_both_standards_are_loaded_with_the_chemical_standards_twenty_items(db):
    chemical = MajorHazardCriterion.objects.filter(standard=CriterionStandard.CHEMICAL_2017)
    trade = MajorHazardCriterion.objects.filter(standard=CriterionStandard.TRADE_2023)

    assert chemical.count() == 20 and set(chemical.values_list("scope", flat=True)) == {CriterionScope.GENERAL}
    assert set(trade.values_list("scope", flat=True)) == set(CriterionScope.values)
    assert trade.filter(scope=CriterionScope.GENERAL).count() == 3  # 第三条
    assert trade.filter(scope=CriterionScope.SPECIAL, categories__code="dust").count() == 10  # 第十一条
    assert _criterion("gm2023-11-3").text == "干式除尘系统未采取泄爆、惰化、抑爆等任一种爆炸防控措施的"
    assert _criterion("hc2017-12").reference == "第十二项"
    # Items whose wording could not be checked say so.
    assert MajorHazardCriterion.objects.filter(confirmed=False).exists()


# Which items apply ------------------------------------------------------------------------------------------------


def test_a_trade_enterprise_gets_the_general_items_and_its_industrys(world):
    foundry = _set(world.enterprise_x, industry="foundry")

    codes = _codes(foundry)

    assert {"gm2023-3-1", "gm2023-3-2", "gm2023-3-3", "gm2023-7-1", "gm2023-7-2"} <= codes
    assert not any(code.startswith(("gm2023-4-", "gm2023-11-", "hc2017-")) for code in codes)


def test_a_special_category_adds_its_items(world):
    dusty = _set(world.enterprise_x, industry="foundry", categories=["dust", "confined_space"])

    codes = _codes(dusty)

    assert {f"gm2023-11-{n}" for n in range(1, 11)} <= codes
    assert {"gm2023-13-1", "gm2023-13-2"} <= codes
    assert "gm2023-12-1" not in codes  # no ammonia refrigeration


def test_the_chemical_standard_applies_to_chemicals_and_to_users_of_hazardous_chemicals(world):
    chemicals = _set(world.enterprise_x, industry="chemicals")
    shoes = _set(world.enterprise_y, industry="shoes", chemicals=True)

    assert {f"hc2017-{n}" for n in range(1, 21)} == _codes(chemicals)  # not a 工贸 trade: no 工贸 general items
    assert {"hc2017-1", "gm2023-3-1", "gm2023-8-1"} <= _codes(shoes)


def test_an_inactive_item_is_not_offered(world):
    MajorHazardCriterion.objects.filter(code="gm2023-3-1").update(active=False)

    assert "gm2023-3-1" not in _codes(world.enterprise_x)


# A hazard judged by an item ---------------------------------------------------------------------------------------


def _hazard(enterprise, **fields):
    return Hazard(
        enterprise=enterprise,
        found_on=date(2026, 1, 5),
        location="打磨车间",
        description="除尘器无泄爆口",
        category="site",
        subcategory="equipment",
        rectification_deadline=date(2026, 12, 31),
        responsible_person="周晓东",
        **fields,
    )


def test_a_criterion_makes_a_hazard_major(world, enterprise_user_x):
    _set(world.enterprise_x, industry="foundry", categories=["dust"])

    hazard = hazard_report(
        hazard=_hazard(world.enterprise_x, criterion=_criterion("gm2023-11-3"), **PLAN), actor=enterprise_user_x
    )

    hazard.refresh_from_db()
    assert hazard.level == HazardLevel.MAJOR and hazard.criterion.code == "gm2023-11-3"


def test_a_criterion_that_does_not_apply_is_refused(world, enterprise_user_x):
    _set(world.enterprise_x, industry="shoes")  # no dust category

    with pytest.raises(ValidationError, match="不适用于企业X"):
        hazard_report(
            hazard=_hazard(world.enterprise_x, criterion=_criterion("gm2023-11-3"), **PLAN), actor=enterprise_user_x
        )
    assert not Hazard.objects.exists()


def test_the_form_offers_the_enterprises_items_and_a_chosen_one_makes_the_hazard_major(
    client, world, enterprise_user_x
):
    _set(world.enterprise_x, industry="foundry", categories=["dust"])
    client.force_login(enterprise_user_x)
    criterion = _criterion("gm2023-11-3")

    page = client.get(reverse("hazards:new")).content.decode()
    select = re.search(r'<select name="criterion".*?</select>', page, re.S)[0]
    assert "data-major-criterion" in select and 'name="level"' not in page
    assert f'value="{criterion.pk}"' in select and "gm2023-7-1" in select
    assert f'value="{_criterion("gm2023-4-1").pk}"' not in select  # 冶金's items: not this enterprise's

    response = client.post(reverse("hazards:new"), report_data(criterion=criterion.pk, **PLAN))

    hazard = Hazard.objects.get()
    assert response.status_code == 302
    assert hazard.level == HazardLevel.MAJOR and hazard.criterion == criterion
    detail = client.get(hazard.get_absolute_url()).content.decode()
    assert 'data-hazard-criterion="gm2023-11-3"' in detail and criterion.source in detail


def test_the_form_refuses_an_item_of_another_trade_in_chinese(client, world, enterprise_user_x):
    _set(world.enterprise_x, industry="foundry")
    client.force_login(enterprise_user_x)

    response = client.post(reverse("hazards:new"), report_data(criterion=_criterion("gm2023-4-1").pk, **PLAN))

    assert response.status_code == 200
    assert "不适用于企业X" in response.content.decode()
    assert not Hazard.objects.exists()


def test_major_without_an_item_cannot_be_chosen_the_level_follows_the_criterion(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    client.post(reverse("hazards:new"), report_data(level="major", **PLAN))

    assert Hazard.objects.get().level == HazardLevel.GENERAL


def test_a_major_hazard_recorded_before_the_criteria_shows_none_recorded(client, world, staff):
    from tests.factories import make_hazard

    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff, level="major", **PLAN)
    client.force_login(staff)

    assert "未记录" in client.get(hazard.get_absolute_url()).content.decode()


# The checklist ----------------------------------------------------------------------------------------------------


@pytest.fixture
def dusty_inspection(world, inspector, inspector2):
    _set(world.enterprise_x, industry="foundry", categories=["dust"])
    return inspection_record(
        enterprise=world.enterprise_x, date=date(2026, 8, 20), inspectors=[inspector, inspector2], actor=inspector
    )


def _dust_item():
    return ChecklistItem.objects.get(criterion__code="gm2023-11-3")


def test_a_checklist_item_with_a_criterion_makes_a_major_hazard_on_its_own(world, inspector, dusty_inspection):
    item = _dust_item()
    assert item in checklist_items_for(world.enterprise_x)

    inspection_record_checks(
        inspection=dusty_inspection,
        results=[(item, InspectionCheck.Result.FAILED, "除尘器无泄爆口", None)],
        actor=inspector,
        rectification_deadline=date(2026, 9, 20),
        responsible_person="王建国",
        plan=PLAN,
    )

    hazard = dusty_inspection.hazards.get()
    assert hazard.level == HazardLevel.MAJOR and hazard.criterion.code == "gm2023-11-3"
    assert hazard.plan_objectives == PLAN["plan_objectives"]


def test_without_the_plan_the_checklist_is_refused_and_nothing_is_stored(world, inspector, dusty_inspection):
    with pytest.raises(ValidationError, match="须填写治理方案"):
        inspection_record_checks(
            inspection=dusty_inspection,
            results=[(_dust_item(), InspectionCheck.Result.FAILED, "", None)],
            actor=inspector,
            rectification_deadline=date(2026, 9, 20),
            responsible_person="王建国",
        )
    assert not Hazard.objects.exists() and not dusty_inspection.checks.exists()


def test_the_checklist_page_asks_for_the_plan_and_records_the_major_hazard(client, world, inspector, dusty_inspection):
    client.force_login(inspector)
    page = client.get(dusty_inspection.get_absolute_url()).content.decode()
    assert "data-major-checklist-plan" in page and "不符合即为重大事故隐患（gm2023-11-3）" in page
    items = list(checklist_items_for(world.enterprise_x))
    data = {f"result_{item.pk}": "passed" for item in items}
    data[f"result_{_dust_item().pk}"] = "failed"
    data.update(rectification_deadline="2026-09-30", responsible_person="王建国", **PLAN)

    client.post(reverse("inspections:checklist", args=[dusty_inspection.pk]), data)

    assert dusty_inspection.hazards.get().criterion.code == "gm2023-11-3"


# The page ---------------------------------------------------------------------------------------------------------


def test_the_page_lists_every_item_with_its_code_and_total(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    body = client.get(reverse("major_hazards:criteria")).content.decode()

    total = MajorHazardCriterion.objects.active().count()
    assert f'data-total="{total}"' in body
    assert set(re.findall(r'data-criterion="([^"]+)"', body)) == set(
        MajorHazardCriterion.objects.values_list("code", flat=True)
    )
    assert "条文待核对" in body and "《工贸企业重大事故隐患判定标准》" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"standard": "chemical2017"}, 20),
        ({"scope": "general", "standard": "trade2023"}, 3),
        ({"category": "dust"}, 10),
        ({"category": "ammonia_refrigeration"}, 2),
        ({"industry": "textiles"}, 2),
    ],
)
def test_the_filters_select_what_they_name(client, world, staff, query, expected):
    client.force_login(staff)

    body = client.get(reverse("major_hazards:criteria"), query).content.decode()

    assert f'data-total="{expected}"' in body
    assert len(re.findall(r"data-criterion=", body)) == expected


def test_a_value_the_filter_does_not_offer_is_refused(client, world, staff):
    client.force_login(staff)

    response = client.get(reverse("major_hazards:criteria"), {"standard": "nope", "confirmed": "maybe"})

    assert response.status_code == 200
    assert "is-invalid" in response.content.decode()


def test_the_inspectors_finding_form_offers_the_items_and_records_a_major_hazard(
    client, world, inspector, dusty_inspection
):
    client.force_login(inspector)
    url = reverse("inspections:add_finding", args=[dusty_inspection.pk])
    criterion = _criterion("gm2023-11-1")
    assert f'value="{criterion.pk}"' in client.get(url).content.decode()

    client.post(url, report_data(criterion=criterion.pk, found_on="2026-08-20", **PLAN))

    hazard = dusty_inspection.hazards.get()
    assert hazard.level == HazardLevel.MAJOR and hazard.criterion == criterion and hazard.source == "inspection"
