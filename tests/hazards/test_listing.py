"""Listed supervision (挂牌督办): only an open major hazard is listed; the enterprise reports progress; a listed hazard
closes only by the bureau's acceptance, which closes it (销号) and removes the listing (摘牌) together."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import Notification
from bureau.once import AlreadyDone
from hazards.listing import listing_accept, listing_create, listing_progress_report
from hazards.listing_models import ListingStatus, MajorHazardListing
from hazards.models import MAJOR_PLAN_FIELDS, HazardAction, HazardStatus
from hazards.services import available_actions, hazard_transition
from tests.factories import make_hazard, make_image

PLAN = dict.fromkeys(MAJOR_PLAN_FIELDS, "按方案治理")


def major(world, user, **fields):
    return make_hazard(enterprise=world.enterprise_x, reported_by=user, level="major", **PLAN, **fields)


def list_it(hazard, actor, days=30):
    return listing_create(
        hazard=hazard,
        actor=actor,
        level="city",
        leader_name="林志远",
        leader_post="副局长",
        deadline=timezone.localdate() + timedelta(days=days),
    )


def rectify(hazard, enterprise_user):
    hazard.refresh_from_db()
    if hazard.status == HazardStatus.REPORTED:
        hazard = hazard_transition(hazard=hazard, action="start", actor=enterprise_user, version=hazard.version)
    return hazard_transition(
        hazard=hazard,
        action="rectify",
        actor=enterprise_user,
        version=hazard.version,
        note="已整改",
        photos=[make_image()],
    )


def test_staff_list_an_open_major_hazard_and_the_enterprise_and_cell_officer_are_told(
    world, staff, enterprise_user_x, grid_officer_a
):
    hazard = major(world, enterprise_user_x)

    listing = list_it(hazard, staff)

    assert listing.status == ListingStatus.ACTIVE and not listing.is_overdue
    assert hazard.events.get(action=HazardAction.LIST).actor == staff
    told = set(Notification.objects.filter(key=f"listing:listed:{listing.pk}").values_list("user__username", flat=True))
    assert told == {"ent_x", "grid_a"}


@pytest.mark.parametrize(
    "fields, message",
    [({"level": "general"}, "只有重大事故隐患"), ({"status": HazardStatus.CLOSED}, "已销号的隐患不能挂牌督办")],
)
def test_only_an_open_major_hazard_is_listed(world, staff, enterprise_user_x, fields, message):
    hazard = make_hazard(
        enterprise=world.enterprise_x, reported_by=enterprise_user_x, **{**PLAN, "level": "major", **fields}
    )

    with pytest.raises(ValidationError, match=message):
        list_it(hazard, staff)
    assert not MajorHazardListing.objects.exists()


def test_a_hazard_is_listed_once(world, staff, enterprise_user_x):
    hazard = major(world, enterprise_user_x)
    list_it(hazard, staff)

    with pytest.raises(AlreadyDone):
        list_it(hazard, staff)
    assert MajorHazardListing.objects.count() == 1


def test_a_deadline_in_the_past_is_refused(world, staff, enterprise_user_x):
    with pytest.raises(ValidationError, match="督办期限不能早于今天"):
        list_it(major(world, enterprise_user_x), staff, days=-1)


@pytest.mark.parametrize("who", ["inspector", "grid_officer_a", "enterprise_user_x"])
def test_only_staff_and_admins_list(world, request, enterprise_user_x, who):
    with pytest.raises(PermissionDenied):
        list_it(major(world, enterprise_user_x), request.getfixturevalue(who))


def test_the_enterprise_reports_progress_with_photos_cleaned_of_exif(world, staff, enterprise_user_x):
    listing = list_it(major(world, enterprise_user_x), staff)

    progress = listing_progress_report(listing=listing, actor=enterprise_user_x, text="已停用", photos=[make_image()])

    [photo] = progress.photos.all()
    assert photo.hazard_id == listing.hazard_id and photo.kind == "evidence"
    assert listing.hazard.events.filter(action=HazardAction.LISTING_PROGRESS).count() == 1
    assert Notification.objects.filter(user=staff, key=f"listing:progress:{progress.pk}").exists()


@pytest.mark.parametrize("who", ["inspector", "staff", "enterprise_user_y"])
def test_only_the_hazards_enterprise_reports_progress(world, staff, request, enterprise_user_x, who):
    listing = list_it(major(world, enterprise_user_x), staff)

    with pytest.raises(PermissionDenied):
        listing_progress_report(listing=listing, actor=request.getfixturevalue(who), text="进展")


def test_a_listed_hazard_does_not_close_the_ordinary_way(world, staff, inspector, enterprise_user_x):
    hazard = major(world, enterprise_user_x)
    list_it(hazard, staff)
    hazard = rectify(hazard, enterprise_user_x)

    assert "close" not in dict(available_actions(hazard, inspector))
    assert "send_back" in dict(available_actions(hazard, inspector))
    with pytest.raises(ValidationError, match="只能由局机关验收摘牌后销号"):
        hazard_transition(hazard=hazard, action="close", actor=inspector, version=hazard.version)
    hazard.refresh_from_db()
    assert hazard.status == HazardStatus.RECTIFIED


def test_an_unlisted_major_hazard_still_closes_the_ordinary_way(world, inspector, enterprise_user_x):
    hazard = rectify(major(world, enterprise_user_x), enterprise_user_x)

    assert "close" in dict(available_actions(hazard, inspector))


def test_acceptance_closes_the_hazard_and_removes_the_listing_together(world, staff, enterprise_user_x, grid_officer_a):
    hazard = major(world, enterprise_user_x)
    listing = list_it(hazard, staff)
    hazard = rectify(hazard, enterprise_user_x)

    listing_accept(listing=listing, actor=staff, opinion="验收合格", photos=[make_image()])

    listing.refresh_from_db()
    hazard.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED and listing.accepted_by == staff
    assert listing.acceptance_photos.count() == 1
    assert hazard.status == HazardStatus.CLOSED and hazard.closed_at == listing.accepted_at
    event = hazard.events.get(action=HazardAction.UNLIST)
    assert (event.from_status, event.to_status, event.note) == (HazardStatus.RECTIFIED, HazardStatus.CLOSED, "验收合格")
    told = set(
        Notification.objects.filter(key=f"listing:accepted:{listing.pk}").values_list("user__username", flat=True)
    )
    assert told == {"ent_x", "grid_a"}


@pytest.mark.parametrize(
    "opinion, photos, message",
    [("", True, "验收意见"), ("合格", False, "验收佐证照片")],
)
def test_acceptance_needs_an_opinion_and_evidence(world, staff, enterprise_user_x, opinion, photos, message):
    hazard = major(world, enterprise_user_x)
    listing = list_it(hazard, staff)
    rectify(hazard, enterprise_user_x)

    with pytest.raises(ValidationError, match=message):
        listing_accept(listing=listing, actor=staff, opinion=opinion, photos=[make_image()] if photos else [])
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ACTIVE


def test_acceptance_waits_for_the_enterprise_to_report_rectified(world, staff, enterprise_user_x):
    listing = list_it(major(world, enterprise_user_x), staff)

    with pytest.raises(ValidationError, match="企业报告整改完成"):
        listing_accept(listing=listing, actor=staff, opinion="合格", photos=[make_image()])


@pytest.mark.parametrize("who", ["inspector", "grid_officer_a", "enterprise_user_x"])
def test_only_staff_and_admins_accept(world, staff, request, enterprise_user_x, who):
    hazard = major(world, enterprise_user_x)
    listing = list_it(hazard, staff)
    rectify(hazard, enterprise_user_x)

    with pytest.raises(PermissionDenied):
        listing_accept(listing=listing, actor=request.getfixturevalue(who), opinion="合格", photos=[make_image()])


def test_overdue_is_past_the_deadline_and_not_removed(world, staff, enterprise_user_x):
    listing = list_it(major(world, enterprise_user_x), staff)
    today = timezone.localdate()

    MajorHazardListing.objects.filter(pk=listing.pk).update(deadline=today - timedelta(days=1))
    listing.refresh_from_db()
    assert listing.is_overdue and listing.days_overdue == 1
    assert list(MajorHazardListing.objects.overdue()) == [listing]
    MajorHazardListing.objects.filter(pk=listing.pk).update(deadline=today)
    assert not MajorHazardListing.objects.overdue().exists()
    MajorHazardListing.objects.filter(pk=listing.pk).update(deadline=today - timedelta(days=3), status="removed")
    assert not MajorHazardListing.objects.overdue().exists()


# Pages -------------------------------------------------------------------------------------------------------------


def test_the_hazard_page_offers_each_role_its_action(client, world, staff, inspector, enterprise_user_x):
    hazard = major(world, enterprise_user_x)
    client.force_login(staff)
    assert reverse("major_hazards:create", args=[hazard.pk]) in client.get(hazard.get_absolute_url()).content.decode()

    listing = list_it(hazard, staff)
    client.force_login(enterprise_user_x)
    page = client.get(hazard.get_absolute_url()).content.decode()
    assert reverse("major_hazards:progress", args=[listing.pk]) in page and "督办期限" in page
    assert reverse("major_hazards:accept", args=[listing.pk]) not in page

    rectify(hazard, enterprise_user_x)
    client.force_login(staff)
    page = client.get(hazard.get_absolute_url()).content.decode()
    assert reverse("major_hazards:accept", args=[listing.pk]) in page
    client.force_login(inspector)
    page = client.get(hazard.get_absolute_url()).content.decode()
    assert reverse("hazards:transition", args=[hazard.pk, "close"]) not in page


def test_staff_list_accept_through_the_pages_and_the_hazard_leaves_the_board(client, world, staff, enterprise_user_x):
    hazard = major(world, enterprise_user_x)
    client.force_login(staff)
    deadline = (timezone.localdate() + timedelta(days=20)).isoformat()
    response = client.post(
        reverse("major_hazards:create", args=[hazard.pk]),
        {"level": "city", "leader_name": "林志远", "leader_post": "副局长", "deadline": deadline, "note": ""},
    )
    listing = MajorHazardListing.objects.get()
    assert response.status_code == 302 and response["Location"].endswith("#listing")
    assert (
        'data-figure="major_hazards.listed" data-value="1"'
        in client.get(reverse("major_hazards:board")).content.decode()
    )

    client.force_login(enterprise_user_x)
    client.post(reverse("major_hazards:progress", args=[listing.pk]), {"text": "材料已到场"})
    assert listing.progress.count() == 1
    rectify(hazard, enterprise_user_x)

    client.force_login(staff)
    client.post(reverse("major_hazards:accept", args=[listing.pk]), {"opinion": "合格", "photos": [make_image()]})
    listing.refresh_from_db()
    assert listing.status == ListingStatus.REMOVED
    board = client.get(reverse("major_hazards:board")).content.decode()
    assert 'data-figure="major_hazards.open" data-value="0"' in board
    assert 'data-figure="major_hazards.listed" data-value="0"' in board


def test_bad_input_is_told_and_changes_nothing(client, world, staff, enterprise_user_x):
    hazard = major(world, enterprise_user_x)
    client.force_login(staff)
    response = client.post(
        reverse("major_hazards:create", args=[hazard.pk]),
        {"level": "province", "leader_name": "", "leader_post": "副局长", "deadline": "2020-13-01"},
    )
    assert response.status_code == 200 and not MajorHazardListing.objects.exists()
    listing = list_it(hazard, staff)
    response = client.post(reverse("major_hazards:accept", args=[listing.pk]), {"opinion": "合格"}, follow=True)
    assert "未能验收摘牌" in response.content.decode()
    listing.refresh_from_db()
    assert listing.status == ListingStatus.ACTIVE


def test_the_board_is_for_supervisors(client, world, enterprise_user_x, grid_officer_a):
    client.force_login(enterprise_user_x)
    assert client.get(reverse("major_hazards:board")).status_code == 403
    assert client.get(reverse("major_hazards:listings")).status_code == 403
    assert f'href="{reverse("major_hazards:board")}"' not in client.get(reverse("hazards:list")).content.decode()
    client.force_login(grid_officer_a)
    assert client.get(reverse("major_hazards:board")).status_code == 200


def test_another_enterprises_listing_is_not_found(client, world, staff, enterprise_user_x, enterprise_user_y):
    listing = list_it(major(world, enterprise_user_x), staff)
    client.force_login(enterprise_user_y)

    response = client.post(reverse("major_hazards:progress", args=[listing.pk]), {"text": "进展"})

    assert response.status_code == 404 and not listing.progress.exists()
