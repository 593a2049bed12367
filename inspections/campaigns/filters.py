"""The target filter of a campaign's page."""

import django_filters
from django.db.models import Exists, OuterRef, Q

from enterprises.models import Enterprise, Industry, SpecialCategory
from grids.filters import RoleScopedFilterSet, TownFilter
from inspections.campaigns.models import CampaignTarget


class TargetState:
    PENDING = "pending"
    SURVEYED = "surveyed"
    COMPLETED = "completed"
    choices = [(PENDING, "未排查"), (SURVEYED, "已排查"), (COMPLETED, "已完成")]


class TargetProgress:
    REACHED = "reached"
    INSPECTED = "inspected"
    COMPLETED = "completed"
    choices = [(REACHED, "已排查（含已检查）"), (INSPECTED, "已检查"), (COMPLETED, "已完成")]


class CampaignTargetFilter(RoleScopedFilterSet):
    """The targets of a campaign page. Its GET parameters are also what the bulk mark of "all matching" carries
    (services.campaign_targets_mark_bulk reads them again), so a parameter here means the same in both places."""

    q = django_filters.CharFilter(label="名称或信用代码", method="search")
    category = django_filters.ModelChoiceFilter(
        label="特殊类别",
        queryset=SpecialCategory.objects.all(),
        to_field_name="code",
        method="by_category",
        empty_label="全部类别",
    )
    industry = django_filters.ChoiceFilter(
        label="行业", field_name="enterprise__industry", choices=Industry.choices, empty_label="全部行业"
    )
    town = TownFilter()
    state = django_filters.ChoiceFilter(
        label="进度", choices=TargetState.choices, method="by_state", empty_label="全部"
    )

    # What the dashboard's campaign panel counts: each column opens the targets it counts (not exclusive states).
    progress = django_filters.ChoiceFilter(
        label="已达到", choices=TargetProgress.choices, method="by_progress", empty_label="不限"
    )

    class Meta:
        model = CampaignTarget
        fields = []

    def by_state(self, queryset, name, value):
        # The states exclude each other: 已排查 means surveyed and not yet completed.
        return queryset.filter(
            {
                TargetState.PENDING: Q(surveyed_on__isnull=True, completed_on__isnull=True),
                TargetState.SURVEYED: Q(surveyed_on__isnull=False, completed_on__isnull=True),
                TargetState.COMPLETED: Q(completed_on__isnull=False),
            }[value]
        )

    def by_progress(self, queryset, name, value):
        # `inspected` is annotated by visible_targets (an inspection of the campaign visited the enterprise).
        return queryset.filter(
            {
                TargetProgress.REACHED: Q(inspected=True) | Q(surveyed_on__isnull=False),
                TargetProgress.INSPECTED: Q(inspected=True),
                TargetProgress.COMPLETED: Q(completed_on__isnull=False),
            }[value]
        )

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__iexact=value.upper()))

    def by_category(self, queryset, name, value):
        # EXISTS, not a join on the link table: a target is listed once whatever its enterprise's other categories.
        links = Enterprise.special_categories.through.objects.filter(
            enterprise=OuterRef("enterprise"), specialcategory=value
        )
        return queryset.filter(Exists(links))
