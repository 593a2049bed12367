"""Listed supervision (挂牌督办) of major hazards: who may do what, and every write, each one transaction.

A listed hazard closes only by acceptance (验收): `listing_accept` closes the hazard (销号) and removes the listing
(摘牌) together; hazards.services.hazard_transition refuses the ordinary close while the listing is active."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau.accounts.services import notify
from bureau.once import AlreadyDone
from bureau.roles import Role, is_bureau, role_of
from hazards import permissions
from hazards.listing_models import ListingProgress, ListingStatus, MajorHazardListing
from hazards.models import OPEN_STATUSES, Hazard, HazardAction, HazardEvent, HazardLevel, HazardPhoto, HazardStatus
from hazards.notices import _cell_officers, _enterprise_users
from hazards.photos import clean_photos

REFUSED_CLOSE = "该隐患已挂牌督办，只能由局机关验收摘牌后销号。"


# Who ---------------------------------------------------------------------------------------------------------------


def can_list(user):
    """Listing and accepting are the bureau's decisions, taken by its staff (and admins), not by an inspector alone."""
    return role_of(user) in (Role.STAFF, Role.ADMIN)


can_accept = can_list


def can_report_progress(user, enterprise):
    """Progress is the enterprise's own account of its treatment; inspectors and officers record theirs through
    inspections and chases."""
    return permissions.is_own_enterprise(user, enterprise)


def can_see_board(user):
    """The board is the supervisors': the bureau (the whole city) and grid officers (their cells). An enterprise
    sees its own listing on its hazard's page."""
    return is_bureau(user) or role_of(user) == Role.GRID_OFFICER


def visible_listings(user):
    if is_bureau(user):
        return MajorHazardListing.objects.all()
    return MajorHazardListing.objects.filter(hazard__in=permissions.visible_hazards(user).values("pk"))


def is_listed(hazard):
    """Whether the hazard is under an active listing (one query)."""
    return MajorHazardListing.objects.filter(hazard_id=hazard.pk, status=ListingStatus.ACTIVE).exists()


def listing_summary(listing):
    return (
        f"{listing.get_level_display()}，督办领导 {listing.leader_name}（{listing.leader_post}），"
        f"督办期限 {listing.deadline:%Y-%m-%d}"
    )


def listing_note(listing):
    """What the hazard's timeline says of its listing."""
    return f"{listing_summary(listing)}。{listing.note}" if listing.note else f"{listing_summary(listing)}。"


# Writes ------------------------------------------------------------------------------------------------------------


def _record(hazard, action, actor, note="", from_status="", to_status=""):
    return HazardEvent.objects.create(
        hazard=hazard, action=action, actor=actor, note=note, from_status=from_status, to_status=to_status
    )


def _store_photos(hazard, uploads, actor):
    """The photos cleaned (EXIF gone) and stored as the hazard's evidence photos; returns them."""
    stored = []
    for clean in clean_photos(list(uploads)):
        photo = HazardPhoto(
            hazard=hazard,
            kind=HazardPhoto.Kind.EVIDENCE,
            content_type=clean.content_type,
            size=clean.file.size,
            uploaded_by=actor,
        )
        photo.image.save(clean.file.name, clean.file, save=False)
        photo.save()
        stored.append(photo)
    return stored


def _responsible(hazard):
    """The enterprise's active users and the 责任人 of its cell and of the cells above: who hears of its listing."""
    enterprise_ids = _enterprise_users({hazard.enterprise_id})[hazard.enterprise_id]
    officer_ids = _cell_officers([hazard.enterprise.grid_cell])[hazard.enterprise.grid_cell_id]
    ids = list(dict.fromkeys(enterprise_ids + officer_ids))
    return list(get_user_model().objects.filter(pk__in=ids).order_by("pk"))


def _notify(hazard, users, key, message, url):
    for user in users:
        notify(user=user, key=key, message=message, url=url)


def _lock_hazard(hazard):
    return Hazard.objects.select_for_update().select_related("enterprise__grid_cell").get(pk=hazard.pk)


@transaction.atomic
def listing_create(*, hazard, actor, level, leader_name, leader_post, deadline, note=""):
    """List an open major hazard for supervision (挂牌督办)."""
    if not can_list(actor):
        raise PermissionDenied("只有局机关可以将重大事故隐患列入挂牌督办。")
    locked = _lock_hazard(hazard)
    if locked.level != HazardLevel.MAJOR:
        raise ValidationError("只有重大事故隐患可以挂牌督办。")
    if locked.status not in OPEN_STATUSES:
        raise ValidationError(f"隐患当前为“{locked.get_status_display()}”，已销号的隐患不能挂牌督办。")
    if MajorHazardListing.objects.filter(hazard=locked).exists():
        raise AlreadyDone("该隐患已列入挂牌督办。")
    if deadline and deadline < timezone.localdate():
        raise ValidationError({"deadline": "督办期限不能早于今天。"})
    listing = MajorHazardListing(
        hazard=locked,
        level=level,
        leader_name=leader_name.strip(),
        leader_post=leader_post.strip(),
        deadline=deadline,
        note=note.strip(),
        listed_by=actor,
    )
    listing.full_clean()
    listing.save()
    text = listing_summary(listing)
    _record(locked, HazardAction.LIST, actor, listing_note(listing))
    _notify(
        locked,
        _responsible(locked),
        f"listing:listed:{listing.pk}",
        f"{locked.enterprise.name}的重大事故隐患“{locked.location}”已列入{text}。",
        locked.get_absolute_url(),
    )
    return listing


@transaction.atomic
def listing_progress_report(*, listing, actor, text, photos=()):
    """The enterprise reports its progress on a listed hazard."""
    listing = MajorHazardListing.objects.select_for_update().get(pk=listing.pk)
    hazard = _lock_hazard(listing.hazard)
    if not can_report_progress(actor, hazard.enterprise):
        raise PermissionDenied("只有隐患所属企业可以报告督办进展。")
    if listing.status != ListingStatus.ACTIVE:
        raise ValidationError("该隐患已验收摘牌，无需再报告进展。")
    progress = ListingProgress(listing=listing, text=text.strip(), reported_by=actor)
    progress.full_clean()
    progress.save()
    progress.photos.set(_store_photos(hazard, photos, actor))
    _record(hazard, HazardAction.LISTING_PROGRESS, actor, progress.text)
    _notify(
        hazard,
        [listing.listed_by] if listing.listed_by.is_active else [],
        f"listing:progress:{progress.pk}",
        f"{hazard.enterprise.name}报告了挂牌督办隐患“{hazard.location}”的整改进展。",
        hazard.get_absolute_url(),
    )
    return progress


@transaction.atomic
def listing_accept(*, listing, actor, opinion, photos=()):
    """Accept the removal (验收): the hazard is closed (销号) and the listing removed (摘牌), together."""
    if not can_accept(actor):
        raise PermissionDenied("只有局机关可以验收摘牌。")
    listing = MajorHazardListing.objects.select_for_update().get(pk=listing.pk)
    hazard = _lock_hazard(listing.hazard)
    if listing.status != ListingStatus.ACTIVE:
        raise AlreadyDone("该隐患已验收摘牌。")
    if hazard.status != HazardStatus.RECTIFIED:
        raise ValidationError(f"隐患当前为“{hazard.get_status_display()}”：企业报告整改完成（已整改）后才能验收摘牌。")
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError({"opinion": "验收摘牌须填写验收意见。"})
    stored = _store_photos(hazard, photos, actor)
    if not stored:
        raise ValidationError({"photos": "验收摘牌须上传至少一张验收佐证照片。"})
    now = timezone.now()
    listing.status = ListingStatus.REMOVED
    listing.accepted_by = actor
    listing.accepted_at = now
    listing.acceptance_opinion = opinion
    listing.full_clean()
    listing.save()
    listing.acceptance_photos.set(stored)

    from_status = hazard.status
    hazard.status = HazardStatus.CLOSED
    hazard.closed_at = now
    hazard.version += 1
    hazard.save()
    _record(hazard, HazardAction.UNLIST, actor, opinion, from_status, HazardStatus.CLOSED)
    _notify(
        hazard,
        _responsible(hazard),
        f"listing:accepted:{listing.pk}",
        f"{hazard.enterprise.name}的重大事故隐患“{hazard.location}”已验收销号，挂牌督办已摘牌。",
        hazard.get_absolute_url(),
    )
    return listing


LISTING_FIELDS = ["level", "leader_name", "leader_post", "deadline", "note"]


@transaction.atomic
def listing_edit(*, listing, actor, level, leader_name, leader_post, deadline, note=""):
    """Change a listing still under supervision (level, supervising leader, deadline, requirements); kept in its
    history. A new deadline starts its warnings afresh: the daily notices are keyed by the deadline they warn of."""
    if not can_list(actor):
        raise PermissionDenied("只有局机关可以修改挂牌督办。")
    listing = MajorHazardListing.objects.select_for_update().get(pk=listing.pk)
    hazard = _lock_hazard(listing.hazard)
    if listing.status != ListingStatus.ACTIVE:
        raise ValidationError("该隐患已验收摘牌，挂牌督办不能再修改。")
    new = {
        "level": level,
        "leader_name": leader_name.strip(),
        "leader_post": leader_post.strip(),
        "deadline": deadline,
        "note": note.strip(),
    }
    if all(getattr(listing, name) == value for name, value in new.items()):
        return listing
    old_deadline = listing.deadline
    if deadline != old_deadline and deadline < timezone.localdate():
        raise ValidationError({"deadline": "督办期限不能早于今天。"})
    for name, value in new.items():
        setattr(listing, name, value)
    listing.full_clean()
    listing.save()
    _record(hazard, HazardAction.LISTING_EDIT, actor, listing_note(listing))
    if deadline != old_deadline:
        _notify(
            hazard,
            _responsible(hazard),
            f"listing:deadline:{listing.pk}:{deadline.isoformat()}",
            f"{hazard.enterprise.name}的挂牌督办隐患“{hazard.location}”督办期限改为 {deadline:%Y-%m-%d}。",
            hazard.get_absolute_url(),
        )
    return listing
