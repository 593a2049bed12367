from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from enterprises.models import Enterprise, SpecialCategory
from hazards.models import HazardOrigin
from inspections.inspection.models import ChecklistItem, InspectionCheck
from inspections.inspection.services import checklist_items_for, inspection_record, inspection_record_checks
from tests.factories import make_image


def record(world, inspectors, actor, **extra):
    return inspection_record(
        enterprise=world.enterprise_x,
        date=extra.pop("date", date(2026, 8, 20)),
        inspectors=inspectors,
        actor=actor,
        **extra,
    )


def test_two_inspectors_are_required(world, inspector, inspector2, staff):
    with pytest.raises(ValidationError, match="至少 2 名执法人员"):
        record(world, [inspector], inspector)
    with pytest.raises(ValidationError, match="至少 2 名执法人员"):
        record(world, [inspector, staff], inspector)  # staff are not enforcement inspectors

    inspection = record(world, [inspector, inspector2], inspector)
    assert set(inspection.inspectors.all()) == {inspector, inspector2}


def test_only_inspectors_record(world, inspector, inspector2, staff):
    with pytest.raises(PermissionDenied):
        record(world, [inspector, inspector2], staff)


def test_it_becomes_the_enterprises_last_inspection(world, inspector, inspector2):
    record(world, [inspector, inspector2], inspector, date=date(2026, 8, 20))
    record(world, [inspector, inspector2], inspector, date=date(2026, 3, 1))  # recorded late: older visit

    assert Enterprise.objects.get(pk=world.enterprise_x.pk).last_inspected_on == date(2026, 8, 20)


def test_a_future_date_is_refused(world, inspector, inspector2):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        record(world, [inspector, inspector2], inspector, date=timezone.localdate() + timedelta(days=1))


def test_the_checklist_follows_industry_and_special_categories(world):
    dust = SpecialCategory.objects.get(code="dust")
    general = set(ChecklistItem.objects.filter(industry="", category__isnull=True))
    dust_items = set(ChecklistItem.objects.filter(category=dust))
    shoe_items = set(ChecklistItem.objects.filter(industry="shoes"))

    assert set(checklist_items_for(world.enterprise_x)) == general

    world.enterprise_x.special_categories.add(dust)
    Enterprise.objects.filter(pk=world.enterprise_x.pk).update(industry="shoes")
    world.enterprise_x.refresh_from_db()
    assert set(checklist_items_for(world.enterprise_x)) == general | dust_items | shoe_items


def test_a_failed_item_becomes_a_linked_hazard_from_the_inspection(world, inspector, inspector2):
    inspection = record(world, [inspector, inspector2], inspector)
    items = list(checklist_items_for(world.enterprise_x)[:3])
    results = [
        (items[0], InspectionCheck.Result.PASSED, "", None),
        (items[1], InspectionCheck.Result.FAILED, "二楼疏散通道堆放纸箱", make_image()),
        (items[2], InspectionCheck.Result.NOT_APPLICABLE, "", None),
    ]

    inspection_record_checks(
        inspection=inspection,
        results=results,
        actor=inspector,
        rectification_deadline=date(2026, 9, 20),
        responsible_person="王建国",
    )

    hazard = inspection.hazards.get()
    assert hazard.source == HazardOrigin.INSPECTION
    assert hazard.enterprise == world.enterprise_x
    assert hazard.description == f"{items[1].text}：不符合。二楼疏散通道堆放纸箱"
    assert hazard.photos.count() == 1
    assert InspectionCheck.objects.get(item=items[1]).hazard == hazard
    assert inspection.checks.count() == 3


def test_failed_items_need_a_deadline_and_nothing_is_half_saved(world, inspector, inspector2):
    inspection = record(world, [inspector, inspector2], inspector)
    item = checklist_items_for(world.enterprise_x).first()

    with pytest.raises(ValidationError, match="须填写整改期限"):
        inspection_record_checks(
            inspection=inspection, results=[(item, "failed", "x", None)], actor=inspector, responsible_person="王"
        )

    assert not inspection.checks.exists() and not inspection.hazards.exists()


def test_an_item_that_does_not_apply_is_refused(world, inspector, inspector2):
    inspection = record(world, [inspector, inspector2], inspector)
    ammonia = ChecklistItem.objects.filter(category__code="ammonia_refrigeration").first()

    with pytest.raises(ValidationError, match="不适用于该企业"):
        inspection_record_checks(inspection=inspection, results=[(ammonia, "passed", "", None)], actor=inspector)
