"""The serious-dishonesty list in the demo: one of the story's two penalty cases proposed, the party told, the
answer period run out, listed and published by staff, so that /public/dishonest/ has an entry."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from inspections.enforcement.dishonest import DECIDED_CASE, dishonest_decide, dishonest_notify, dishonest_propose
from inspections.enforcement.dishonest_models import DishonestCondition, DishonestListing
from inspections.enforcement.models import Case
from inspections.enforcement.specs import DocumentKind


def seed_dishonest_listing():
    """Skipped once a listing exists, or when there is no decided penalty case to list."""
    if DishonestListing.objects.exists():
        return
    case = (
        Case.objects.filter(status__in=DECIDED_CASE, documents__kind=DocumentKind.PENALTY_DECISION)
        .order_by("pk")
        .first()
    )
    if case is None:
        return
    User = get_user_model()
    inspector, staff = User.objects.get(username="inspector"), User.objects.get(username="staff")
    today = timezone.localdate()
    listing = dishonest_propose(
        case=case,
        condition=DishonestCondition.OTHER_SERIOUS,
        facts="存在事故隐患，经责令限期整改逾期仍未消除，受到行政处罚后仍未整改到位。",
        actor=inspector,
    )
    # Proposed and told a month ago: the five working days to answer have run out without an answer.
    DishonestListing.objects.filter(pk=listing.pk).update(proposed_on=today - timedelta(days=30))
    listing.refresh_from_db()
    listing = dishonest_notify(listing=listing, served_on=today - timedelta(days=28), actor=inspector)
    dishonest_decide(listing=listing, listed=True, note="当事人逾期未陈述申辩。", publish=True, actor=staff)
