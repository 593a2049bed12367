"""Filters of the expert registry and the talks."""

import django_filters
from django.db.models import Q

from bureau.widgets import DateInput
from enterprises.models import Industry
from grids.filters import RoleScopedFilterSet
from inspections.filters import EnterpriseSearchMixin
from inspections.registers.models import Expert, Talk

YES_NO = [("1", "是"), ("0", "否")]


class ExpertFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="姓名、专业或单位", method="search")
    active = django_filters.ChoiceFilter(label="在库", choices=YES_NO, method="by_active", empty_label="不限")

    class Meta:
        model = Expert
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(specialty__icontains=value) | Q(organization__icontains=value)
        )

    def by_active(self, queryset, name, value):
        return queryset.filter(active=value == "1")


class TalkFilter(EnterpriseSearchMixin, RoleScopedFilterSet):
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    date_after = django_filters.DateFilter(label="谈话日期从", field_name="date", lookup_expr="gte", widget=DateInput())
    date_before = django_filters.DateFilter(label="至", field_name="date", lookup_expr="lte", widget=DateInput())
    industry = django_filters.ChoiceFilter(
        label="企业行业", field_name="enterprise__industry", choices=Industry.choices, empty_label="全部行业"
    )

    class Meta:
        model = Talk
        fields = []
