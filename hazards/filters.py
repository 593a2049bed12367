from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone

from bureau.widgets import DateInput
from enterprises.models import Industry
from grids.filters import RoleScopedFilterSet, TownFilter
from grids.models import GridCell
from hazards.listing_figures import AGE_BUCKETS, LISTED, age_q, day_start, open_on_q
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
    # The major hazards board's (hazards.listing_board) narrowings.
    industry = django_filters.ChoiceFilter(
        label="行业", field_name="enterprise__industry", choices=Industry.choices, empty_label="全部行业"
    )
    listed = django_filters.ChoiceFilter(label="挂牌督办中", choices=YES_NO, method="by_listed", empty_label="不限")
    age = django_filters.ChoiceFilter(
        label="发现至今", choices=[(b, label) for b, label, *_ in AGE_BUCKETS], method="by_age", empty_label="不限"
    )
    open_on = django_filters.DateFilter(label="某日未销号", method="by_open_on", widget=DateInput())
    closed_after = django_filters.DateFilter(label="销号日期从", method="by_closed_after", widget=DateInput())
    closed_before = django_filters.DateFilter(label="至", method="by_closed_before", widget=DateInput())

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

    def by_listed(self, queryset, name, value):
        return queryset.filter(LISTED if value == "1" else ~LISTED)

    def by_age(self, queryset, name, value):
        return queryset.filter(age_q(value, timezone.localdate()))

    def by_open_on(self, queryset, name, value):
        return queryset.filter(open_on_q(value))

    def by_closed_after(self, queryset, name, value):
        return queryset.filter(closed_at__gte=day_start(value))

    def by_closed_before(self, queryset, name, value):
        return queryset.filter(closed_at__lt=day_start(value + timedelta(days=1)))

    def by_rectified(self, queryset, name, value):
        # Rectified, whether or not already closed: as the quarterly statistics count 已整改.
        return queryset.filter(status__in=RECTIFIED_STATUSES)
