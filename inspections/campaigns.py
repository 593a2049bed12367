"""Special campaigns (专项整治): the target list from the scope, and progress per town."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from simple_history.utils import bulk_create_with_history

from bureau.accounts.roles import is_bureau
from enterprises.models import Enterprise, Industry
from enterprises.permissions import visible_enterprises
from grids.models import GridCell
from hazards.models import Hazard, Status
from inspections import permissions
from inspections.models import CampaignTarget, Document, DocumentKind, Inspection


def campaign_scope(campaign):
    """Enterprises in the campaign's scope: any of its categories or industries, within its towns (if any)."""
    scope = Q()
    categories = list(campaign.special_categories.values_list("pk", flat=True))
    if categories:
        # EXISTS, not IN: inside the OR below PostgreSQL cannot turn an IN into a join, and once the list is too
        # big to hash it re-reads it for every enterprise.
        links = Enterprise.special_categories.through.objects.filter(
            enterprise=OuterRef("pk"), specialcategory__in=categories
        )
        scope |= Q(Exists(links))
    if campaign.industries:
        scope |= Q(industry__in=campaign.industries)
    if not scope:
        return Enterprise.objects.none()
    queryset = Enterprise.objects.operating().filter(scope)
    towns = list(campaign.towns.values_list("pk", flat=True))
    return queryset.filter(town__in=towns) if towns else queryset


@transaction.atomic
def campaign_save(*, campaign, special_categories, industries, towns, actor):
    if not permissions.can_manage_campaigns(actor):
        raise PermissionDenied("只有局机关可以管理专项整治。")
    unknown = set(industries) - set(Industry.values)
    if unknown:
        raise ValidationError({"industries": "行业不在列表中。"})
    if not special_categories and not industries:
        raise ValidationError("请至少选择一个特殊类别或行业，作为整治范围。")
    if campaign.end_date < campaign.start_date:
        raise ValidationError({"end_date": "结束日期不能早于开始日期。"})
    campaign.industries = list(industries)
    if campaign.created_by_id is None:
        campaign.created_by = actor
    campaign.full_clean()
    campaign.save()
    campaign.special_categories.set(special_categories)
    campaign.towns.set(towns)
    return campaign


@transaction.atomic
def campaign_generate_targets(*, campaign, actor):
    """Add the enterprises now in scope to the target list; those already there keep their progress."""
    if not permissions.can_manage_campaigns(actor):
        raise PermissionDenied("只有局机关可以生成整治对象名单。")
    existing = set(campaign.targets.values_list("enterprise_id", flat=True))
    new = [
        CampaignTarget(campaign=campaign, enterprise_id=pk)
        for pk in campaign_scope(campaign).values_list("pk", flat=True)
        if pk not in existing
    ]
    # With their history rows, so the audit trail shows who put each enterprise on the list.
    bulk_create_with_history(new, CampaignTarget, batch_size=1000, default_user=actor)
    return len(new)


@transaction.atomic
def campaign_target_mark(*, target, actor, surveyed_on=None, completed_on=None):
    if not (permissions.is_inspector(actor) or permissions.can_manage_campaigns(actor)):
        raise PermissionDenied("只有执法人员或局机关可以更新整治进度。")
    if completed_on and not (surveyed_on or target.surveyed_on):
        raise ValidationError("尚未排查的单位不能标记为整治完成。")
    if surveyed_on:
        target.surveyed_on = surveyed_on
    if completed_on:
        target.completed_on = completed_on
    target.save(update_fields=["surveyed_on", "completed_on"])
    return target


def campaign_progress(campaign):
    """Rows per town (and a total): targets, surveyed, inspected, officer-visits, hazards found and rectified,
    rectification orders, suspensions, completed. A fixed number of queries, whatever the size of the campaign."""
    inspections = Inspection.objects.filter(campaign=campaign)
    inspected = Exists(inspections.filter(enterprise=OuterRef("enterprise")))
    rows = {r["enterprise__town"]: dict(r) for r in _group_targets(campaign, inspected)}
    visits = {
        r["enterprise__town"]: r
        for r in inspections.values("enterprise__town")
        .annotate(visits=Count("pk", distinct=True), officer_visits=Count("officers"))
        .order_by()
    }
    hazards = {
        r["enterprise__town"]: r
        for r in Hazard.objects.filter(inspections__campaign=campaign)
        .values("enterprise__town")
        .annotate(
            found=Count("pk", distinct=True),
            rectified=Count("pk", distinct=True, filter=Q(status__in=[Status.RECTIFIED, Status.CLOSED])),
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
            "officer_visits",
            "found",
            "rectified",
            "orders",
            "suspensions",
        ],
        0,
    )


def _group_targets(campaign, inspected):
    return (
        campaign.targets.annotate(inspected=inspected)
        .values("enterprise__town")
        .annotate(
            targets=Count("pk"),
            surveyed=Count("pk", filter=Q(surveyed_on__isnull=False) | Q(inspected=True)),
            inspected_units=Count("pk", filter=Q(inspected=True)),
            completed=Count("pk", filter=Q(completed_on__isnull=False)),
        )
        .order_by()
    )


def expert_participation():
    """Experts with how many inspections each took part in."""
    from inspections.models import Expert

    return Expert.objects.annotate(visits=Count("inspections", distinct=True)).order_by("-visits", "name")


def campaigns_with_progress(queryset=None):
    """Campaigns annotated with target_count, inspected_count and completed_count, in one query for any number."""
    from inspections.models import Campaign

    queryset = Campaign.objects.all() if queryset is None else queryset

    def count_targets(*conditions):
        # A subquery per campaign, not an aggregate over a join with the targets: grouped over that join, every
        # subquery of the row (here and in callers) ran once per target instead of once per campaign.
        targets = CampaignTarget.objects.filter(*conditions, campaign=OuterRef("pk")).order_by().values("campaign")
        return Coalesce(Subquery(targets.annotate(n=Count("pk")).values("n")), 0)

    visited = Exists(Inspection.objects.filter(campaign=OuterRef("campaign"), enterprise=OuterRef("enterprise")))
    return queryset.annotate(
        target_count=count_targets(),
        completed_count=count_targets(Q(completed_on__isnull=False)),
        inspected_count=count_targets(visited),
    ).order_by("-start_date", "-id")


def visible_targets(user, campaign=None):
    """Targets (of one campaign, or of all) whose enterprise the user may see, each with `inspected`: whether an
    inspection of that campaign visited it."""
    targets = CampaignTarget.objects.all() if campaign is None else campaign.targets.all()
    if not is_bureau(user):
        targets = targets.filter(enterprise__in=visible_enterprises(user).values("pk"))
    return targets.annotate(
        inspected=Exists(Inspection.objects.filter(campaign=OuterRef("campaign"), enterprise=OuterRef("enterprise")))
    )
