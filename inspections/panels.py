"""What the inspections app adds to the dossier (一企一档): inspections, documents, cases, campaigns and talks."""

from django.db.models import Count
from django.utils import timezone

from bureau.roles import is_bureau
from enterprises.permissions import visible_enterprises
from inspections import permissions
from inspections.campaigns.models import CampaignTarget


def dossier_section(request, enterprise):
    """The enterprise's enforcement record as the user may see it, in a fixed number of queries."""
    user = request.user
    inspections = (
        permissions.visible_inspections(user)
        .filter(enterprise=enterprise)
        .annotate(hazard_count=Count("hazards", distinct=True))
        .prefetch_related("inspectors")
        .order_by("-date", "-id")[:10]
    )
    documents = (
        permissions.visible_documents(user)
        .filter(enterprise=enterprise)
        .select_related("superseded_by")
        .order_by("-issued_at", "-id")[:10]
    )
    cases = permissions.visible_cases(user).filter(enterprise=enterprise).order_by("-opened_on", "-id")
    targets = CampaignTarget.objects.filter(enterprise=enterprise).select_related("campaign")
    if not is_bureau(user):
        targets = targets.filter(enterprise__in=visible_enterprises(user).values("pk"))
    talks = (
        permissions.visible_talks(user)
        .filter(enterprise=enterprise)
        .prefetch_related("interviewers")
        .order_by("-date", "-id")[:10]
    )
    return {
        "enterprise": enterprise,
        "inspections": list(inspections),
        "documents": list(documents),
        "cases": list(cases),
        "campaign_targets": list(targets.order_by("-campaign__start_date", "-campaign_id")),
        "talks": list(talks),
        # Enterprise users see their own record here but not the campaign pages.
        "can_see_campaigns": permissions.can_see_enforcement(user),
        # The lists (all of the enterprise's documents in the register) are theirs too.
        "can_see_lists": permissions.can_see_enforcement(user),
    }


def dishonest_grade_note(request, enterprise):
    """On the dossier's grade section: the enterprise's serious-dishonesty listings in term today, or nothing."""
    today = timezone.localdate()
    listings = sorted((x for x in _dishonest_listings(request, enterprise) if x.in_term_on(today)), key=_ends_on)
    if not listings:
        return None
    return {"listings": listings, "can_open": permissions.can_see_enforcement(request.user)}


def dishonest_section(request, enterprise):
    """In the dossier's record, for the bureau and grid officers: every listing of the enterprise, whatever became of
    it (proposed, not listed, removed early)."""
    if not permissions.can_see_enforcement(request.user):
        return None
    listings = _dishonest_listings(request, enterprise)
    return {"listings": listings} if listings else None


def _dishonest_listings(request, enterprise):
    """The enterprise's listings the viewer may see, read once per request: the grade note and the record section
    both show them (one query, so the dossier stays within its query budget)."""
    cache = request.__dict__.setdefault("_dishonest_listings", {})
    if enterprise.pk not in cache:
        cache[enterprise.pk] = list(
            permissions.visible_dishonest_listings(request.user).filter(enterprise=enterprise).select_related("case")
        )
    return cache[enterprise.pk]


def _ends_on(listing):
    return listing.ends_on
