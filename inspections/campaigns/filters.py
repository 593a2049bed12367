"""The target filter of a campaign's page."""

import django_filters
from django.db.models import Q

from grids.filters import TownFilter
from inspections.campaigns.models import CampaignTarget


class TargetState:
    PENDING = "pending"
    SURVEYED = "surveyed"
    COMPLETED = "completed"
    choices = [(PENDING, "未排查"), (SURVEYED, "已排查"), (COMPLETED, "已完成")]


class CampaignTargetFilter(django_filters.FilterSet):
    town = TownFilter()
    state = django_filters.ChoiceFilter(
        label="进度", choices=TargetState.choices, method="by_state", empty_label="全部"
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
