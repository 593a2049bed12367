import django_filters
from django.db.models import Q
from django.utils import timezone

from bureau.widgets import DateInput
from grids.filters import RoleScopedFilterSet, TownFilter
from grids.models import GridCell
from hazards.models import OPEN_STATUSES, Hazard, HazardLevel, HazardOrigin, HazardStatus, overdue_q
from hazards.self_checks import RECTIFIED_STATUSES

YES_NO = [("1", "是"), ("0", "否")]
# A flag that only narrows (the dashboard's figures link to "?open=1", "?rectified=1"): there is no "否".
YES = [("1", "是")]


class HazardFilter(RoleScopedFilterSet):
    town = TownFilter()
    grid = django_filters.CharFilter(label="网格编码", method="in_grid")
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    level = django_filters.ChoiceFilter(label="隐患等级", choices=HazardLevel.choices, empty_label="全部等级")
    status = django_filters.ChoiceFilter(label="状态", choices=HazardStatus.choices, empty_label="全部状态")
    overdue = django_filters.ChoiceFilter(label="逾期", choices=YES_NO, method="by_overdue", empty_label="不限")
    open = django_filters.ChoiceFilter(label="未销号", choices=YES, method="by_open", empty_label="不限")
    rectified = django_filters.ChoiceFilter(
        label="已整改", choices=YES, method="by_rectified", empty_label="不限", help_text="含已销号"
    )
    source = django_filters.ChoiceFilter(label="来源", choices=HazardOrigin.choices, empty_label="全部来源")
    found_after = django_filters.DateFilter(
        label="发现日期从", field_name="found_on", lookup_expr="gte", widget=DateInput()
    )
    found_before = django_filters.DateFilter(label="至", field_name="found_on", lookup_expr="lte", widget=DateInput())
    rectified_after = django_filters.DateFilter(
        label="整改完成日期从", field_name="rectified_on", lookup_expr="gte", widget=DateInput()
    )
    rectified_before = django_filters.DateFilter(
        label="至", field_name="rectified_on", lookup_expr="lte", widget=DateInput()
    )

    class Meta:
        model = Hazard
        fields = []

    def in_grid(self, queryset, name, value):
        cell = GridCell.objects.filter(code=value.strip()).first()
        return queryset.in_grid(cell) if cell else queryset.none()

    def by_enterprise(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__iexact=value.upper()))

    def by_overdue(self, queryset, name, value):
        today = timezone.localdate()
        overdue = overdue_q(today)
        return queryset.filter(overdue if value == "1" else ~overdue)

    def by_open(self, queryset, name, value):
        # Not closed (未销号), as HazardQuerySet.open() and the dashboard count it.
        return queryset.filter(status__in=OPEN_STATUSES)

    def by_rectified(self, queryset, name, value):
        # Rectified, whether or not already closed: as the quarterly statistics count 已整改.
        return queryset.filter(status__in=RECTIFIED_STATUSES)
