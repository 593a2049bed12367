"""How far campaigns have got: progress per town and per category, the list's counts, the targets a user may see."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from bureau.roles import is_bureau
from enterprises.models import Industry, SpecialCategory
from enterprises.permissions import visible_enterprises
from grids.models import GridCell
from hazards.models import Hazard, HazardStatus
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.enforcement.models import Document
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection


def target_visited():
    """For a campaign target: whether an inspection of its campaign visited its enterprise (已检查)."""
    return Exists(Inspection.objects.filter(campaign=OuterRef("campaign"), enterprise=OuterRef("enterprise")))


def campaign_progress(campaign):
    """Rows per town (and a total): targets, surveyed, inspected, inspector-visits, hazards found and rectified,
    rectification orders, suspensions, completed. A fixed number of queries, whatever the size of the campaign."""
    inspections = Inspection.objects.filter(campaign=campaign)
    rows = {r["enterprise__town"]: dict(r) for r in _group_targets(campaign, target_visited())}
    visits = {
        r["enterprise__town"]: r
        for r in inspections.values("enterprise__town")
        .annotate(visits=Count("pk", distinct=True), inspector_visits=Count("inspectors"))
        .order_by()
    }
    hazards = {
        r["enterprise__town"]: r
        for r in Hazard.objects.filter(inspections__campaign=campaign)
        .values("enterprise__town")
        .annotate(
            found=Count("pk", distinct=True),
            rectified=Count("pk", distinct=True, filter=Q(status__in=[HazardStatus.RECTIFIED, HazardStatus.CLOSED])),
        )
        .order_by()
    }
    documents = {
        r["enterprise__town"]: r
        for r in Document.objects.filter(inspection__campaign=campaign, superseded_by__isnull=True)
        .values("enterprise__town")
        .annotate(
            orders=Count("pk", filter=Q(kind=DocumentKind.RECTIFICATION_ORDER)),
            suspensions=Count("enterprise", distinct=True, filter=Q(suspends=True)),
        )
        .order_by()
    }
    towns = {t.pk: t for t in GridCell.objects.filter(pk__in=set(rows) | set(visits))}
    result = []
    for town_id in sorted(set(rows) | set(visits), key=lambda pk: towns[pk].code if pk in towns else ""):
        row = {"town": towns.get(town_id), **_zero()}
        row.update({k: v for k, v in rows.get(town_id, {}).items() if k in row})
        row.update({k: v for k, v in visits.get(town_id, {}).items() if k in row})
        row.update({k: v for k, v in hazards.get(town_id, {}).items() if k in row})
        row.update({k: v for k, v in documents.get(town_id, {}).items() if k in row})
        result.append(row)
    total = {"town": None, **{k: sum(r[k] for r in result) for k in _zero()}}
    return result, total


def _zero():
    return dict.fromkeys(
        [
            "targets",
            "surveyed",
            "inspected_units",
            "completed",
            "visits",
            "inspector_visits",
            "found",
            "rectified",
            "orders",
            "suspensions",
        ],
        0,
    )


def _group_targets(campaign, inspected, key="enterprise__town"):
    return (
        campaign.targets.annotate(inspected=inspected)
        .values(key)
        .annotate(
            targets=Count("pk"),
            surveyed=Count("pk", filter=Q(surveyed_on__isnull=False) | Q(inspected=True)),
            inspected_units=Count("pk", filter=Q(inspected=True)),
            completed=Count("pk", filter=Q(completed_on__isnull=False)),
        )
        .order_by()
    )


CATEGORY_COUNTS = ["targets", "surveyed", "inspected_units", "completed"]


def campaign_progress_by_category(campaign):
    """Rows per special category, then per industry, of the campaign's targets: the label, the filter parameter that
    lists the row's targets (("category", code) or ("industry", code)) and its targets, surveyed (含已检查),
    inspected and completed. A target counts in each of its enterprise's categories: the rows do not add up to
    the total. The campaign's own categories and industries come first, even when no target has them yet. Three
    queries whatever the size of the campaign (a fourth when the campaign's categories are not prefetched)."""
    inspected = target_visited()
    by_category = {
        r["enterprise__special_categories"]: r
        for r in _group_targets(campaign, inspected, "enterprise__special_categories")
    }
    by_industry = {r["enterprise__industry"]: r for r in _group_targets(campaign, inspected, "enterprise__industry")}
    in_scope = {category.pk for category in campaign.special_categories.all()}
    categories = sorted(
        (c for c in SpecialCategory.objects.all() if c.pk in in_scope or c.pk in by_category),
        key=lambda c: (c.pk not in in_scope, c.position, c.pk),
    )
    rows = [_count_row(c.name, ("category", c.code), by_category.get(c.pk)) for c in categories]
    industries = [code for code in campaign.industries if code in Industry.values]
    industries += [code for code in Industry.values if code in by_industry and code not in industries]
    rows += [
        _count_row(f"{Industry(code).label}行业", ("industry", code), by_industry.get(code)) for code in industries
    ]
    return rows


def _count_row(label, param, counted):
    return {"label": label, "param": param, **{k: (counted or {}).get(k, 0) for k in CATEGORY_COUNTS}}


def campaigns_with_progress(queryset=None):
    """Campaigns annotated with target_count, inspected_count and completed_count, in one query for any number."""
    queryset = Campaign.objects.all() if queryset is None else queryset

    def count_targets(*conditions):
        # A subquery per campaign, not an aggregate over a join with the targets: grouped over that join, every
        # subquery of the row (here and in callers) ran once per target instead of once per campaign.
        targets = CampaignTarget.objects.filter(*conditions, campaign=OuterRef("pk")).order_by().values("campaign")
        return Coalesce(Subquery(targets.annotate(n=Count("pk")).values("n")), 0)

    return queryset.annotate(
        target_count=count_targets(),
        completed_count=count_targets(Q(completed_on__isnull=False)),
        inspected_count=count_targets(target_visited()),
    ).order_by("-start_date", "-id")


def visible_targets(user, campaign=None):
    """Targets (of one campaign, or of all) whose enterprise the user may see, each with `inspected`: whether an
    inspection of that campaign visited it."""
    targets = CampaignTarget.objects.all() if campaign is None else campaign.targets.all()
    if not is_bureau(user):
        targets = targets.filter(enterprise__in=visible_enterprises(user).values("pk"))
    return targets.annotate(inspected=target_visited())
