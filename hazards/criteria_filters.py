"""Filters of the criteria page (/major-hazards/criteria/): each a choice, so a value it does not offer is refused."""

import django_filters
from django.db.models import Q

from enterprises.industries import Industry
from enterprises.models import SpecialCategory
from hazards.criteria_models import CriterionScope, CriterionStandard, MajorHazardCriterion


class CriterionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="条文或编号", method="by_text")
    standard = django_filters.ChoiceFilter(label="判定标准", choices=CriterionStandard.choices, empty_label="全部")
    scope = django_filters.ChoiceFilter(label="类别", choices=CriterionScope.choices, empty_label="全部")
    industry = django_filters.ChoiceFilter(
        label="适用行业", choices=Industry.choices, empty_label="全部", method="by_industry"
    )
    category = django_filters.ModelChoiceFilter(
        label="适用特殊类别",
        queryset=SpecialCategory.objects.all(),
        to_field_name="code",
        empty_label="全部",
        field_name="categories",
    )
    confirmed = django_filters.ChoiceFilter(
        label="条文核对",
        choices=[("true", "已核对"), ("false", "待核对")],
        empty_label="全部",
        method="by_confirmed",
    )

    class Meta:
        model = MajorHazardCriterion
        fields = []

    def by_text(self, queryset, name, value):
        words = value.strip()
        return queryset.filter(Q(text__icontains=words) | Q(code__icontains=words) | Q(article__icontains=words))

    def by_industry(self, queryset, name, value):
        # The industry's own items; `industries` is a JSON list, matched in Python (a few dozen rows, any database).
        listed = [c.pk for c in queryset.filter(scope=CriterionScope.INDUSTRY) if value in c.industries]
        return queryset.filter(pk__in=listed)

    def by_confirmed(self, queryset, name, value):
        return queryset.filter(confirmed=value == "true")
