"""A checklist item's photo follows the rules of every photo (issue 16, item 4): at most 40 megapixels, stored
re-encoded without EXIF, and a refused one leaves nothing behind."""

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from hazards.models import Hazard, HazardPhoto
from inspections.inspection.models import InspectionCheck
from inspections.inspection.services import checklist_items_for, inspection_record, inspection_record_checks
from tests.factories import make_image
from tests.photo_files import assert_clean_image, huge_png, jpeg_with_location

FAILED, PASSED = InspectionCheck.Result.FAILED, InspectionCheck.Result.PASSED


@pytest.fixture
def inspection(world, inspector, inspector2):
    return inspection_record(
        enterprise=world.enterprise_x, date=date(2026, 8, 20), inspectors=[inspector, inspector2], actor=inspector
    )


def record_checks(inspection, inspector, results):
    return inspection_record_checks(
        inspection=inspection,
        results=results,
        actor=inspector,
        rectification_deadline=date(2026, 9, 20),
        responsible_person="王建国",
    )


def test_a_huge_photo_is_refused_and_nothing_is_stored(inspection, inspector, settings):
    first, second = checklist_items_for(inspection.enterprise)[:2]
    results = [(first, FAILED, "通道堵塞", make_image()), (second, PASSED, "", huge_png())]

    with pytest.raises(ValidationError, match="超过 4000 万像素"):
        record_checks(inspection, inspector, results)

    assert not InspectionCheck.objects.exists() and not Hazard.objects.exists()
    assert [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()] == []


def test_the_photo_and_its_finding_are_stored_without_the_location(inspection, inspector):
    item = checklist_items_for(inspection.enterprise).first()

    record_checks(inspection, inspector, [(item, FAILED, "通道堵塞", jpeg_with_location(size=(64, 48)))])

    check = InspectionCheck.objects.get()
    assert check.photo_content_type == "image/jpeg" and check.photo.name.endswith(".jpg")
    with check.photo.open("rb") as stored:
        assert_clean_image(stored, size=(48, 64))
    with HazardPhoto.objects.get(hazard=check.hazard).image.open("rb") as stored:
        assert_clean_image(stored, size=(48, 64))
