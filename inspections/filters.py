import django_filters
from django.db.models import Q

from bureau.widgets import DateInput
from grids.models import GridCell
from inspections.models import Campaign, Case, Inspection, InspectionKind


class EnterpriseSearchMixin:
    def by_enterprise(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__iexact=value.upper()))


class InspectionFilter(EnterpriseSearchMixin, django_filters.FilterSet):
    town = django_filters.ModelChoiceFilter(
        label="镇街",
        field_name="enterprise__town",
        queryset=GridCell.objects.towns(),
        to_field_name="code",
        empty_label="全部镇街",
    )
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    kind = django_filters.ChoiceFilter(label="检查类型", choices=InspectionKind.choices, empty_label="全部类型")
    campaign = django_filters.ModelChoiceFilter(label="专项整治", queryset=Campaign.objects.all(), empty_label="全部")
    date_after = django_filters.DateFilter(label="检查日期从", field_name="date", lookup_expr="gte", widget=DateInput())
    date_before = django_filters.DateFilter(label="至", field_name="date", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Inspection
        fields = []


class CaseFilter(EnterpriseSearchMixin, django_filters.FilterSet):
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    status = django_filters.ChoiceFilter(label="状态", choices=Case.Status.choices, empty_label="全部状态")

    class Meta:
        model = Case
        fields = []
