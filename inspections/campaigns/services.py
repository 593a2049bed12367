"""Special campaigns (专项整治): the scope, saving a campaign, its target list and marking targets, one or many."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from bureau.error_text import error_text
from bureau.figures import figures_changed
from bureau.once import AlreadyDone
from bureau.unchanged import unchanged
from enterprises.models import Enterprise, Industry
from inspections import permissions
from inspections.campaigns.filters import CampaignTargetFilter
from inspections.campaigns.models import CampaignTarget
from inspections.campaigns.progress import visible_targets


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
    if unchanged(campaign, special_categories=special_categories, towns=towns):
        return campaign
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
    if new:
        figures_changed()  # bulk_create sends no post_save: the dashboard's kept campaign rows count the targets
    return len(new)


MARK_FIELDS = ["surveyed_on", "completed_on", "late_reason"]
STEP_LABELS = {"surveyed_on": "排查日期", "completed_on": "整治完成日期"}
LATE_LABELS = {"surveyed_on": "排查", "completed_on": "整治完成"}


@transaction.atomic
def campaign_target_mark(*, target, actor, surveyed_on=None, completed_on=None, late_reason=""):
    """Record the day a target was surveyed or completed. The day lies within the campaign and not in the future;
    a day after the campaign's end needs `late_reason`, kept on the target with the step it explains."""
    _require_marker(actor)
    # Locked and read again: a second press (or a stale page) must not move a date already recorded.
    target = CampaignTarget.objects.select_for_update().select_related("campaign", "enterprise").get(pk=target.pk)
    if surveyed_on and target.surveyed_on:
        raise AlreadyDone(f"{target.enterprise.name} 已于 {target.surveyed_on} 排查。")
    if completed_on and target.completed_on:
        raise AlreadyDone(f"{target.enterprise.name} 已于 {target.completed_on} 完成整治。")
    dates = {name: day for name, day in (("surveyed_on", surveyed_on), ("completed_on", completed_on)) if day}
    _apply_mark(target, target.campaign, dates, late_reason)
    target.save(update_fields=MARK_FIELDS)
    return target


def _require_marker(actor):
    if not permissions.can_mark_targets(actor):
        raise PermissionDenied("只有执法人员或局机关可以更新整治进度。")


def _apply_mark(target, campaign, dates, late_reason):
    """The rule of a mark, one target at a time (the single mark and the bulk one): set `dates` ({field: day}) on
    the target, or raise ValidationError and set nothing. Reads nothing from the database."""
    surveyed_on, completed_on = dates.get("surveyed_on"), dates.get("completed_on")
    if completed_on and not (surveyed_on or target.surveyed_on):
        raise ValidationError("尚未排查的单位不能标记为整治完成。")
    late_reason = (late_reason or "").strip()
    late = [name for name, day in dates.items() if _check_mark_date(campaign, name, day, late_reason)]
    surveyed = surveyed_on or target.surveyed_on
    if completed_on and completed_on < surveyed:
        raise ValidationError({"completed_on": f"整治完成日期不能早于排查日期（{surveyed}）。"})
    for name, day in dates.items():
        setattr(target, name, day)
    if late:
        lines = [target.late_reason] if target.late_reason else []
        lines += [f"{LATE_LABELS[name]}：{late_reason}" for name in late]
        target.late_reason = "\n".join(lines)
    # Only the fields a mark writes: the others (campaign, enterprise) would each cost a query to validate.
    target.clean_fields(exclude=[f.name for f in CampaignTarget._meta.fields if f.name not in MARK_FIELDS])


def _check_mark_date(campaign, name, day, late_reason):
    """Refuse a day outside the campaign or in the future; True when it is after the campaign's end (with a
    reason)."""
    label = STEP_LABELS[name]
    if day > timezone.localdate():
        raise ValidationError({name: f"{label}不能晚于今天。"})
    if day < campaign.start_date:
        raise ValidationError({name: f"{label}不能早于专项整治开始日期（{campaign.start_date}）。"})
    if day <= campaign.end_date:
        return False
    if not late_reason:
        raise ValidationError({name: f"{label}晚于专项整治结束日期（{campaign.end_date}），请填写逾期原因。"})
    return True


@dataclass(frozen=True)
class BulkMarked:
    marked: int  # targets this write marked
    already: int  # selected targets that had that step already: left as they were


@transaction.atomic
def campaign_targets_mark_bulk(*, campaign, actor, step, day, late_reason="", target_ids=None, matching=None):
    """Mark many targets of one campaign with one step ("surveyed" or "completed") on one day, under the single
    mark's rule (_apply_mark). The targets are either `target_ids` (rows ticked on a page) or, with `matching`, every
    target the list's filter (its GET parameters) selects now, counted again here under the actor's own scope: a
    grid of ids the page never had, or another cell's targets, are never reached. Targets already marked for the
    step keep their date; when one of the others cannot be marked nothing is written."""
    _require_marker(actor)
    field = {"surveyed": "surveyed_on", "completed": "completed_on"}[step]
    targets = _selected_targets(campaign, actor, target_ids, matching)
    # Locked in a fixed order (two bulk writes over the same rows wait, never deadlock), then read again.
    locked = list(
        CampaignTarget.objects.select_for_update(of=("self",))
        .filter(pk__in=targets.values("pk"))
        .select_related("enterprise")
        .order_by("pk")
    )
    if not locked:
        raise ValidationError("没有选中整治对象：请勾选，或调整筛选条件。")
    # The day's rule once, with the single mark's words; what follows is each target's own.
    _check_mark_date(campaign, field, day, (late_reason or "").strip())
    todo = [target for target in locked if getattr(target, field) is None]
    refused = []
    for target in todo:
        try:
            _apply_mark(target, campaign, {field: day}, late_reason)
        except ValidationError as exc:
            refused.append(f"{target.enterprise.name}：{error_text(exc)}")
    if refused:
        more = f"等 {len(refused)} 家" if len(refused) > 3 else ""
        raise ValidationError(f"{len(refused)} 家不能标记，均未标记：{'；'.join(refused[:3])}{more}")
    if todo:
        # With a history row per target, so the audit trail shows who marked each, as a single mark does.
        bulk_update_with_history(todo, CampaignTarget, MARK_FIELDS, batch_size=500, default_user=actor)
        figures_changed()  # bulk_update sends no post_save: the dashboard's kept figures count these targets
    return BulkMarked(marked=len(todo), already=len(locked) - len(todo))


def _selected_targets(campaign, actor, target_ids, matching):
    targets = visible_targets(actor, campaign)
    if matching is None:
        return targets.filter(pk__in=list(target_ids or []))
    chosen = CampaignTargetFilter(matching, queryset=targets)
    if not chosen.is_valid():
        raise ValidationError("筛选条件有误，未标记：请重新筛选后再试。")
    return chosen.qs
