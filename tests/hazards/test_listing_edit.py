"""Staff change a listing while it is under supervision (level, leader, deadline, requirements): kept in its history
and on the hazard's timeline; a new deadline starts its warnings afresh; a removed listing is not changed."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from hazards.listing import listing_accept, listing_edit
from hazards.listing_notices import listing_deadline_notices
from hazards.models import HazardAction
from tests.factories import make_image
from tests.hazards.test_listing import list_it, major, rectify


def _values(listing, **changes):
    values = {name: getattr(listing, name) for name in ("level", "leader_name", "leader_post", "deadline", "note")}
    return {**values, **changes}


@pytest.fixture
def listing(world, staff, enterprise_user_x):
    return list_it(major(world, enterprise_user_x), staff)


def test_staff_change_the_listing_it_is_kept_in_history_and_on_the_timeline(listing, staff):
    listing_edit(listing=listing, actor=staff, **_values(listing, level="county", leader_name="陈立"))

    listing.refresh_from_db()
    assert (listing.level, listing.leader_name) == ("county", "陈立")
    assert listing.history.count() == 2
    assert listing.hazard.events.filter(action=HazardAction.LISTING_EDIT, actor=staff).count() == 1


def test_the_same_values_again_change_nothing(listing, staff):
    listing_edit(listing=listing, actor=staff, **_values(listing))
    assert listing.history.count() == 1
    assert not listing.hazard.events.filter(action=HazardAction.LISTING_EDIT).exists()


def test_an_inspector_or_the_enterprise_may_not_change_it(listing, inspector, enterprise_user_x):
    for user in (inspector, enterprise_user_x):
        with pytest.raises(PermissionDenied):
            listing_edit(listing=listing, actor=user, **_values(listing, leader_name="陈立"))


def test_a_past_deadline_is_refused_in_chinese(listing, staff):
    with pytest.raises(ValidationError) as refusal:
        listing_edit(listing=listing, actor=staff, **_values(listing, deadline=timezone.localdate() - timedelta(1)))
    assert "督办期限不能早于今天" in str(refusal.value)


def test_a_removed_listing_is_not_changed(listing, staff, enterprise_user_x):
    rectify(listing.hazard, enterprise_user_x)
    listing_accept(listing=listing, actor=staff, opinion="验收合格", photos=[make_image()])
    listing.refresh_from_db()
    with pytest.raises(ValidationError):
        listing_edit(listing=listing, actor=staff, **_values(listing, leader_name="陈立"))


def test_a_new_deadline_is_warned_of_again(listing, staff):
    today = timezone.localdate()
    with time_machine.travel(listing.deadline + timedelta(days=1), tick=False):
        assert listing_deadline_notices(listing.deadline + timedelta(days=1))["overdue"] > 0
        assert listing_deadline_notices(listing.deadline + timedelta(days=1))["overdue"] == 0  # told once
        new_deadline = listing.deadline + timedelta(days=20)
        listing_edit(listing=listing, actor=staff, **_values(listing, deadline=new_deadline))
    assert new_deadline > today
    later = new_deadline + timedelta(days=1)
    assert listing_deadline_notices(later)["overdue"] > 0  # the new deadline's own warning


def test_the_page_changes_it_and_the_hazard_page_offers_it_to_staff_only(client, listing, staff, enterprise_user_x):
    hazard_url = reverse("hazards:detail", args=[listing.hazard_id])
    client.force_login(enterprise_user_x)
    assert "data-edit-listing" not in client.get(hazard_url).content.decode()
    client.force_login(staff)
    assert reverse("major_hazards:edit", args=[listing.pk]) in client.get(hazard_url).content.decode()
    data = {**_values(listing, leader_post="局长"), "deadline": listing.deadline.isoformat()}
    response = client.post(reverse("major_hazards:edit", args=[listing.pk]), data)
    assert response.status_code == 302
    listing.refresh_from_db()
    assert listing.leader_post == "局长"


def test_the_hazard_list_badges_listed_hazards(client, listing, world, staff, enterprise_user_x):
    major(world, enterprise_user_x)  # another, not listed
    client.force_login(staff)
    page = client.get(reverse("hazards:list")).content.decode()
    assert page.count("data-listed") == 1
