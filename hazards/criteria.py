"""Which items of the major-hazard criteria apply to an enterprise (see hazards/criteria_data/ for the standards
and how their industry sections map to our industries)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from bureau.roles import Role, role_of
from enterprises.industries import Industry
from hazards.criteria_models import CriterionScope, CriterionStandard, MajorHazardCriterion

# Trades with major-hazard standards of their own: the 工贸 standard does not judge them.
NOT_TRADE = {Industry.CHEMICALS, Industry.NON_COAL_MINE, Industry.FIREWORKS}


def standards_for(enterprise):
    """The standards that judge this enterprise: 工贸 for the 工贸 trades, 危化 for chemicals or whoever uses them."""
    standards = []
    if enterprise.industry not in NOT_TRADE:
        standards.append(CriterionStandard.TRADE_2023)
    if enterprise.industry == Industry.CHEMICALS or enterprise.uses_hazardous_chemicals:
        standards.append(CriterionStandard.CHEMICAL_2017)
    return standards


def applies_to(criterion, enterprise, standards, category_ids):
    if criterion.scope == CriterionScope.GENERAL:
        return criterion.standard in standards
    if criterion.scope == CriterionScope.INDUSTRY:
        return enterprise.industry in criterion.industries
    return any(category.pk in category_ids for category in criterion.categories.all())


def criteria_for(enterprise):
    """The active items that apply: the general items of its standards, its industry's items, and the items of its
    special categories. A queryset (forms offer it); matched in Python, as `industries` is a JSON list."""
    standards = standards_for(enterprise)
    category_ids = set(enterprise.special_categories.values_list("pk", flat=True)) if enterprise.pk else set()
    items = MajorHazardCriterion.objects.active().prefetch_related("categories")
    chosen = [c.pk for c in items if applies_to(c, enterprise, standards, category_ids)]
    return MajorHazardCriterion.objects.filter(pk__in=chosen)


def check_criterion(criterion, enterprise):
    """Refuse an item that does not apply to the enterprise (another trade's item, a category it does not have)."""
    if not criteria_for(enterprise).filter(pk=criterion.pk).exists():
        raise ValidationError(
            {
                "criterion": f"判定依据“{criterion.code} {criterion.reference}”不适用于{enterprise.name}"
                "（该条目的适用行业或特殊类别与企业不符）。"
            }
        )


# Editing ------------------------------------------------------------------------------------------------------------

# What staff correct on an item; its code, standard, article and scope are the standard's own and stay.
EDITABLE = ["text", "source", "confirmed", "active", "industries"]


def can_edit_criteria(user):
    return role_of(user) in (Role.STAFF, Role.ADMIN)


def _check_applicability(criterion, industries, categories):
    unknown = [key for key in industries if key not in Industry.values]
    if unknown:
        raise ValidationError({"industries": f"未知的行业：{'、'.join(unknown)}。"})
    if industries and criterion.scope != CriterionScope.INDUSTRY:
        raise ValidationError({"industries": "只有行业条目可以指定适用行业。"})
    if categories and criterion.scope != CriterionScope.SPECIAL:
        raise ValidationError({"categories": "只有专项条目可以指定适用特殊类别。"})
    if criterion.scope == CriterionScope.SPECIAL and not categories:
        raise ValidationError({"categories": "专项条目须至少指定一个适用特殊类别。"})


@transaction.atomic
def criterion_edit(*, criterion, actor, text, source, confirmed, active, industries=(), categories=()):
    """Correct an item (its wording, source, whether it is checked, whether it is in use, to whom it applies); the
    change is kept in its history. The same values again save nothing."""
    if not can_edit_criteria(actor):
        raise PermissionDenied("只有局机关可以修改重大事故隐患判定标准条目。")
    criterion = MajorHazardCriterion.objects.select_for_update().get(pk=criterion.pk)
    industries = list(dict.fromkeys(industries))
    categories = sorted({category.pk for category in categories})
    _check_applicability(criterion, industries, categories)
    new = {"text": text.strip(), "source": source.strip(), "confirmed": confirmed, "active": active}
    new["industries"] = industries
    old_categories = sorted(criterion.categories.values_list("pk", flat=True))
    if all(getattr(criterion, name) == new[name] for name in EDITABLE) and old_categories == categories:
        return criterion
    if not new["text"]:
        raise ValidationError({"text": "判定情形不能为空。"})
    if not criterion.history.exists():
        # Items loaded by the data migration have no history yet: keep their loaded wording as the first version.
        MajorHazardCriterion.history.bulk_history_create([criterion], default_user=actor)
    for name, value in new.items():
        setattr(criterion, name, value)
    criterion._history_user = actor
    criterion.full_clean()
    criterion.save()
    if old_categories != categories:
        criterion.categories.set(categories)
    return criterion
