"""The issue's "Done when", as the people do it through the pages: an inspector finds a major hazard at an inspection
(a checklist item that points at a criterion, with its treatment plan), staff list it, the enterprise reports progress
and then rectification, an ordinary close is refused, staff accept with evidence: the hazard is closed, the listing
removed, and the board's open and listed figures drop by one."""

import re
from datetime import date

from django.test import Client
from django.urls import reverse

from hazards.listing_models import ListingStatus
from hazards.models import HazardStatus
from inspections.inspection.services import checklist_items_for, inspection_record
from tests.factories import make_image
from tests.hazards.test_criteria import PLAN, _dust_item, _set
from tests.security.test_permission_matrix import LISTING_FIELDS


def _board(client):
    page = client.get(reverse("major_hazards:board")).content.decode()
    return {
        key: int(re.search(rf'data-figure="major_hazards\.{key}" data-value="(\d+)"', page).group(1))
        for key in ("open", "listed")
    }


def _as(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_major_hazard_from_finding_to_removal(world, inspector, inspector2, staff, enterprise_user_x):
    _set(world.enterprise_x, industry="foundry", categories=["dust"])
    # The visit itself (two officers, on a day) is set up; the finding is made on its page.
    inspection = inspection_record(
        enterprise=world.enterprise_x, date=date(2026, 8, 20), inspectors=[inspector, inspector2], actor=inspector
    )
    by_inspector, by_staff, by_enterprise = _as(inspector), _as(staff), _as(enterprise_user_x)
    before = _board(by_staff)

    checks = {f"result_{item.pk}": "passed" for item in checklist_items_for(world.enterprise_x)}
    checks[f"result_{_dust_item().pk}"] = "failed"
    checks.update(rectification_deadline="2026-09-30", responsible_person="王建国", **PLAN)
    assert by_inspector.post(reverse("inspections:checklist", args=[inspection.pk]), checks).status_code == 302
    hazard = inspection.hazards.get()
    assert hazard.is_major and hazard.criterion.code == "gm2023-11-3"
    assert _board(by_staff) == {"open": before["open"] + 1, "listed": before["listed"]}

    # Staff list it.
    response = by_staff.post(reverse("major_hazards:create", args=[hazard.pk]), LISTING_FIELDS)
    assert response.status_code == 302
    listing = hazard.listing
    assert _board(by_staff) == {"open": before["open"] + 1, "listed": before["listed"] + 1}

    # The enterprise reports progress, then rectification.
    hazard_page = by_enterprise.get(hazard.get_absolute_url())
    assert hazard_page.status_code == 200
    by_enterprise.post(reverse("major_hazards:progress", args=[listing.pk]), {"text": "除尘器泄爆口已订货"})
    assert listing.progress.count() == 1
    hazard.refresh_from_db()
    if hazard.status == HazardStatus.REPORTED:
        by_enterprise.post(reverse("hazards:transition", args=[hazard.pk, "start"]), {"version": hazard.version})
        hazard.refresh_from_db()
    by_enterprise.post(
        reverse("hazards:transition", args=[hazard.pk, "rectify"]),
        {"version": hazard.version, "note": "已加装泄爆口", "photos": [make_image()]},
    )
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED

    # The ordinary close (销号 by an inspector) is refused while the listing is active.
    refused = by_inspector.post(
        reverse("hazards:transition", args=[hazard.pk, "close"]), {"version": hazard.version}, follow=True
    )
    assert "只能由局机关验收摘牌后销号" in refused.content.decode()
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED

    # Staff accept with evidence: closed, removed, off the board.
    accepted = by_staff.post(
        reverse("major_hazards:accept", args=[listing.pk]), {"opinion": "现场验收合格", "photos": [make_image()]}
    )
    assert accepted.status_code == 302
    hazard.refresh_from_db()
    listing.refresh_from_db()
    assert hazard.status == HazardStatus.CLOSED and listing.status == ListingStatus.REMOVED
    assert listing.acceptance_photos.count() == 1
    assert _board(by_staff) == before
