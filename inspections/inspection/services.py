"""Recording inspections, their checklists and findings: each write in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from bureau.roles import Role, active_users, require
from enterprises.models import Enterprise
from enterprises.registry_cache import registry_changed
from hazards.models import MAJOR_PLAN_FIELDS, Category, Hazard, HazardOrigin, Subcategory
from hazards.photos import clean_photo
from hazards.services import hazard_report
from inspections import permissions
from inspections.inspection.models import ChecklistItem, Inspection, InspectionCheck, InspectionKind


def _check_inspectors(chosen, *, minimum=2):
    chosen = list(chosen)
    allowed = set(active_users(Role.INSPECTOR).filter(pk__in=[o.pk for o in chosen]).values_list("pk", flat=True))
    if len(allowed) < minimum or len(allowed) != len({o.pk for o in chosen}):
        raise ValidationError({"inspectors": f"须由至少 {minimum} 名执法人员共同进行（执法人员须具有执法人员角色）。"})
    return chosen


def checklist_items_for(enterprise):
    """Items for this enterprise: those for everyone, its industry's and its special categories'."""
    categories = enterprise.special_categories.values("pk")
    return ChecklistItem.objects.filter(active=True).filter(
        Q(industry="", category__isnull=True) | Q(industry=enterprise.industry) | Q(category__in=categories)
    )


@transaction.atomic
def inspection_record(
    *, enterprise, date, inspectors, actor, kind=InspectionKind.ROUTINE, experts=(), campaign=None, summary=""
):
    """Record an enterprise-visit by two or more inspectors; it becomes the enterprise's latest inspection."""
    require(permissions.is_inspector(actor), "进行执法检查")
    inspectors = _check_inspectors(inspectors)
    if date > timezone.localdate():
        raise ValidationError({"date": "检查日期不能晚于今天。"})
    if campaign is not None and kind != InspectionKind.CAMPAIGN:
        raise ValidationError({"kind": "属于专项整治的检查，检查类型应为“专项整治检查”。"})
    if kind == InspectionKind.CAMPAIGN and campaign is None:
        raise ValidationError({"campaign": "请选择所属专项整治。"})
    inspection = Inspection(
        enterprise=enterprise, date=date, kind=kind, campaign=campaign, summary=summary, created_by=actor
    )
    inspection.full_clean()
    inspection.save()
    inspection.inspectors.set(inspectors)
    inspection.experts.set(experts)
    # The due list reads this field: keep it the latest inspection date, whatever order visits are recorded in.
    Enterprise.objects.filter(pk=enterprise.pk).update(
        last_inspected_on=Greatest(Coalesce("last_inspected_on", Value(date)), Value(date))
    )
    registry_changed()  # the registry list shows the date; .update() sends no signal
    if campaign is not None:
        # Saved one by one (there is at most one), so the target's history records the survey.
        for target in campaign.targets.select_for_update().filter(enterprise=enterprise, surveyed_on__isnull=True):
            target.surveyed_on = date
            target.save(update_fields=["surveyed_on"])
    return inspection


@transaction.atomic
def inspection_add_finding(
    *,
    inspection,
    actor,
    location,
    description,
    rectification_deadline,
    responsible_person,
    category=Category.SITE,
    subcategory=Subcategory.SITE_OTHER,
    level="general",
    photos=(),
    **extra,
):
    """A finding written by hand becomes a hazard (source 执法检查) linked to the inspection.

    `extra` takes the rest of the hazard's fields: measures, funds, suspension, a major hazard's plan.
    """
    require(permissions.is_inspector(actor), "进行执法检查")
    hazard = Hazard(
        enterprise=inspection.enterprise,
        source=HazardOrigin.INSPECTION,
        found_on=inspection.date,
        location=location,
        description=description,
        category=category,
        subcategory=subcategory,
        level=level,
        rectification_deadline=rectification_deadline,
        responsible_person=responsible_person,
        **extra,
    )
    hazard = hazard_report(hazard=hazard, actor=actor, photos=photos)
    inspection.hazards.add(hazard)
    return hazard


def _check_plan(failed, plan):
    """A failed item with a criterion becomes a major hazard, which is recorded with its treatment plan (治理方案):
    the inspector gives it with the checklist, so no major hazard is ever stored without one."""
    major = [item for item, *_ in failed if item.criterion_id is not None]
    if not major:
        return
    missing = [name for name in MAJOR_PLAN_FIELDS if not (plan or {}).get(name, "").strip()]
    if missing:
        labels = "、".join(str(getattr(Hazard._meta.get_field(name), "verbose_name", name)) for name in missing)
        item = major[0]
        raise ValidationError(
            {
                missing[0]: f"不符合项“{item}”符合重大事故隐患判定标准（{item.criterion.code} "
                f"{item.criterion.reference}），为重大事故隐患，须填写治理方案：{labels}。"
            }
        )


def _check_results(inspection, results, rectification_deadline, responsible_person, plan=None):
    """What a checklist write must satisfy before anything is stored."""
    if inspection.documents.exists() and inspection.checks.exists():
        raise ValidationError("已据本次检查签发执法文书，检查表不能再修改。")
    failed = [r for r in results if r[1] == InspectionCheck.Result.FAILED]
    if failed and rectification_deadline is None:
        raise ValidationError({"rectification_deadline": "有不符合项时须填写整改期限。"})
    if failed and rectification_deadline < inspection.date:
        raise ValidationError({"rectification_deadline": "整改期限不能早于检查日期。"})
    if failed and not responsible_person.strip():
        raise ValidationError({"responsible_person": "有不符合项时须填写整改责任人。"})
    _check_plan(failed, plan)
    allowed = set(checklist_items_for(inspection.enterprise).values_list("pk", flat=True))
    for item, *_ in results:
        if item.pk not in allowed:
            raise ValidationError(f"检查项“{item}”不适用于该企业。")


def _finding_from_check(inspection, item, note, photo, actor, rectification_deadline, responsible_person, plan=None):
    basic = item.industry == "" and item.category_id is None
    note_text = note.strip()
    # An item pointing at a criterion makes its hazard major, with that criterion and the checklist's plan.
    major = {"criterion": item.criterion, **{name: plan[name] for name in MAJOR_PLAN_FIELDS}} if item.criterion else {}
    return inspection_add_finding(
        inspection=inspection,
        actor=actor,
        location="检查现场",
        description=f"{item.text}：不符合。{note_text}" if note_text else f"{item.text}：不符合。",
        category=Category.BASIC if basic else Category.SITE,
        subcategory=Subcategory.BASIC_OTHER if basic else Subcategory.SITE_OTHER,
        rectification_deadline=rectification_deadline,
        responsible_person=responsible_person,
        photos=[photo] if photo else [],
        **major,
    )


@transaction.atomic
def inspection_record_checks(
    *, inspection, results, actor, rectification_deadline=None, responsible_person="", plan=None
):
    """Record the checklist, or amend it: results is [(item, result, note, photo or None)]; each item newly failed
    becomes a hazard, a major one when the item points at a criterion (`plan` then holds its treatment plan).
    Amending is how 全部符合 works without a script: every item is saved 符合 first, then the inspector marks the
    exceptions. An item already failed keeps its result (its hazard is on record, and a second
    submit of the same page adds none); once a document is issued from the inspection, the checklist is final."""
    require(permissions.is_inspector(actor), "进行执法检查")
    existing = {check.item_id: check for check in inspection.checks.select_for_update()}
    results = [
        r for r in results if not (r[0].pk in existing and existing[r[0].pk].result == InspectionCheck.Result.FAILED)
    ]
    _check_results(inspection, results, rectification_deadline, responsible_person, plan)
    # Every photo is checked and re-encoded before the first file is stored: a refused one leaves nothing behind.
    cleaned = [clean_photo(photo) if photo else None for *_, photo in results]
    for (item, result, note, photo), clean in zip(results, cleaned, strict=True):
        check = existing.get(item.pk) or InspectionCheck(inspection=inspection, item=item)
        check.result, check.note = result, note.strip()
        if clean:
            check.photo_content_type = clean.content_type
            check.photo.save(clean.file.name, clean.file, save=False)
        if result == InspectionCheck.Result.FAILED:
            check.hazard = _finding_from_check(
                inspection, item, note, photo, actor, rectification_deadline, responsible_person, plan
            )
        check.full_clean()
        check.save()
    return inspection.checks.all()
