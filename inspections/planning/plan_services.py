"""The yearly plan's writes: save a draft, approve it (its counts written, the year's approved version before it
replaced), and revise an approved plan (a new draft version). Staff and admins only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from bureau.once import AlreadyDone
from bureau.unchanged import unchanged
from inspections import permissions
from inspections.planning.plan_models import PlanLine, PlanMethod, PlannedCount, PlanStatus, SupervisionPlan
from inspections.planning.plans import compute_counts
from inspections.planning.pool import roster_credentials


def _require_manager(actor):
    if not permissions.can_manage_plans(actor):
        raise PermissionDenied("只有局机关可以编制和批准年度监督检查计划。")


def _check_line(group_label, method, ratio_percent, months):
    if method != PlanMethod.GENERAL:
        return
    if ratio_percent is None or not 0 < ratio_percent <= 100:
        raise ValidationError(f"{group_label}：一般检查须填写每次抽取比例（大于 0、不超过 100）。")
    if not months or any(m not in range(1, 13) for m in months):
        raise ValidationError(f"{group_label}：一般检查须选择抽取月份。")


def _save_lines(plan, lines):
    """lines: {group: (method, ratio_percent, months)}; only the lines that differ are written."""
    stored = {line.group: line for line in plan.lines.all()}
    for group, (method, ratio_percent, months) in lines.items():
        line = stored.get(group) or PlanLine(plan=plan, group=group)
        _check_line(line.get_group_display(), method, ratio_percent, months)
        line.method = method
        line.ratio_percent = ratio_percent if method == PlanMethod.GENERAL else None
        line.months = sorted(set(months)) if method == PlanMethod.GENERAL else []
        line.full_clean(exclude=["plan"])
        if not unchanged(line):
            line.save()


@transaction.atomic
def plan_save(*, plan=None, year, title, capacity_per_officer, repeat_days, lines, actor):
    """Create the year's draft plan, or change a draft: its settings and how each group is covered."""
    _require_manager(actor)
    if plan is None:
        if SupervisionPlan.objects.filter(year=year).exists():
            raise ValidationError({"year": f"{year} 年已有计划：请打开该计划修订。"})
        plan = SupervisionPlan(year=year, created_by=actor)
    else:
        plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
        if not plan.is_draft:
            raise ValidationError("已批准的计划不能修改：请修订（生成新版本草稿）。")
        if plan.year != year:
            raise ValidationError({"year": "草稿的年度不能更改。"})
    plan.title = title
    plan.capacity_per_officer = capacity_per_officer
    plan.repeat_days = repeat_days
    plan.full_clean()
    if not unchanged(plan):
        plan.save()
    _save_lines(plan, lines)
    return plan


@transaction.atomic
def plan_approve(*, plan, actor):
    """Approve a draft: its counts by group, month and town written from the registry as it stands, the roster's
    size kept for the capacity, and the year's approved version (if any) replaced."""
    _require_manager(actor)
    plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
    if not plan.is_draft:
        raise AlreadyDone(f"{plan} 已批准。")
    lines = list(plan.lines.all())
    if not any(line.method != PlanMethod.NONE for line in lines):
        raise ValidationError("计划中没有任何列入检查的企业分组。")
    # Saved (not .update()) so the replaced version's history records the change; there is at most one.
    for replaced in SupervisionPlan.objects.select_for_update().filter(year=plan.year, status=PlanStatus.APPROVED):
        replaced.status = PlanStatus.REPLACED
        replaced.save()
    counts = compute_counts(lines)
    PlannedCount.objects.bulk_create(
        PlannedCount(plan=plan, group=g, method=m, month=month, town_id=town, planned=n)
        for (g, m, month, town), n in counts.items()
    )
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.officers = roster_credentials().count()
    plan.save()
    return plan


@transaction.atomic
def plan_revise(*, plan, actor):
    """A new draft version of an approved plan, with its lines; the approved one stays in force until it is."""
    _require_manager(actor)
    plan = SupervisionPlan.objects.select_for_update().get(pk=plan.pk)
    draft = SupervisionPlan.objects.filter(year=plan.year, status=PlanStatus.DRAFT).first()
    if draft is not None:
        raise AlreadyDone(f"{plan.year} 年已有修订草稿（第 {draft.version} 版）。")
    if plan.status != PlanStatus.APPROVED:
        raise ValidationError("只有现行（已批准）的计划可以修订。")
    latest = SupervisionPlan.objects.filter(year=plan.year).aggregate(v=Max("version"))["v"]
    revision = SupervisionPlan.objects.create(
        year=plan.year,
        version=latest + 1,
        title=plan.title,
        capacity_per_officer=plan.capacity_per_officer,
        repeat_days=plan.repeat_days,
        revises=plan,
        created_by=actor,
    )
    PlanLine.objects.bulk_create(
        PlanLine(
            plan=revision, group=line.group, method=line.method, ratio_percent=line.ratio_percent, months=line.months
        )
        for line in plan.lines.all()
    )
    return revision
