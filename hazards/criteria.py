"""Which items of the major-hazard criteria apply to an enterprise (see hazards/criteria_data.py for the standards
and how their industry sections map to our industries)."""

from django.core.exceptions import ValidationError

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
