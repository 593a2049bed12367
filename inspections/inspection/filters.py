import django_filters

from bureau.widgets import DateInput
from grids.filters import RoleScopedFilterSet, TownFilter
from inspections.campaigns.models import Campaign
from inspections.filters import EnterpriseSearchMixin
from inspections.inspection.models import Inspection, InspectionKind


class InspectionFilter(EnterpriseSearchMixin, RoleScopedFilterSet):
    town = TownFilter()
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    kind = django_filters.ChoiceFilter(label="检查类型", choices=InspectionKind.choices, empty_label="全部类型")
    campaign = django_filters.ModelChoiceFilter(label="专项整治", queryset=Campaign.objects.all(), empty_label="全部")
    date_after = django_filters.DateFilter(label="检查日期从", field_name="date", lookup_expr="gte", widget=DateInput())
    date_before = django_filters.DateFilter(label="至", field_name="date", lookup_expr="lte", widget=DateInput())

    class Meta:
        model = Inspection
        fields = []


class ParticipationFilter(EnterpriseSearchMixin, RoleScopedFilterSet):
    """Rows of an inspection's link table (inspectors, experts): filtered by the inspection's date and enterprise."""

    enterprise_path = "inspection__enterprise"

    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    date_after = django_filters.DateFilter(
        label="检查日期从", field_name="inspection__date", lookup_expr="gte", widget=DateInput()
    )
    date_before = django_filters.DateFilter(
        label="至", field_name="inspection__date", lookup_expr="lte", widget=DateInput()
    )


class InspectorVisitFilter(ParticipationFilter):
    class Meta:
        model = Inspection.inspectors.through
        fields = []


class ExpertVisitFilter(ParticipationFilter):
    class Meta:
        model = Inspection.experts.through
        fields = []
