"""Special campaigns (专项整治): the scope, saving a campaign, its target list and marking a target."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from bureau.once import AlreadyDone
from bureau.unchanged import unchanged
from enterprises.models import Enterprise, Industry
from inspections import permissions
from inspections.campaigns.models import CampaignTarget


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
    return len(new)


STEP_LABELS = {"surveyed_on": "排查日期", "completed_on": "整治完成日期"}
LATE_LABELS = {"surveyed_on": "排查", "completed_on": "整治完成"}


@transaction.atomic
def campaign_target_mark(*, target, actor, surveyed_on=None, completed_on=None, late_reason=""):
    """Record the day a target was surveyed or completed. The day lies within the campaign and not in the future;
    a day after the campaign's end needs `late_reason`, kept on the target with the step it explains."""
    if not (permissions.is_inspector(actor) or permissions.can_manage_campaigns(actor)):
        raise PermissionDenied("只有执法人员或局机关可以更新整治进度。")
    # Locked and read again: a second press (or a stale page) must not move a date already recorded.
    target = CampaignTarget.objects.select_for_update().select_related("campaign", "enterprise").get(pk=target.pk)
    if surveyed_on and target.surveyed_on:
        raise AlreadyDone(f"{target.enterprise.name} 已于 {target.surveyed_on} 排查。")
    if completed_on and target.completed_on:
        raise AlreadyDone(f"{target.enterprise.name} 已于 {target.completed_on} 完成整治。")
    if completed_on and not (surveyed_on or target.surveyed_on):
        raise ValidationError("尚未排查的单位不能标记为整治完成。")
    late_reason = (late_reason or "").strip()
    dates = {name: day for name, day in (("surveyed_on", surveyed_on), ("completed_on", completed_on)) if day}
    late = [name for name, day in dates.items() if _check_mark_date(target.campaign, name, day, late_reason)]
    surveyed = surveyed_on or target.surveyed_on
    if completed_on and completed_on < surveyed:
        raise ValidationError({"completed_on": f"整治完成日期不能早于排查日期（{surveyed}）。"})
    for name, day in dates.items():
        setattr(target, name, day)
    if late:
        lines = [target.late_reason] if target.late_reason else []
        lines += [f"{LATE_LABELS[name]}：{late_reason}" for name in late]
        target.late_reason = "\n".join(lines)
    target.full_clean()
    target.save(update_fields=["surveyed_on", "completed_on", "late_reason"])
    return target


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
