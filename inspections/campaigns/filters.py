"""The target filter of a campaign's page."""

import django_filters
from django.db.models import Q

from grids.models import GridCell
from inspections.campaigns.models import CampaignTarget


class TargetState:
    PENDING = "pending"
    SURVEYED = "surveyed"
    COMPLETED = "completed"
    choices = [(PENDING, "未排查"), (SURVEYED, "已排查"), (COMPLETED, "已完成")]


class CampaignTargetFilter(django_filters.FilterSet):
    town = django_filters.ModelChoiceFilter(
        label="镇街",
        field_name="enterprise__town",
        queryset=GridCell.objects.towns(),
        to_field_name="code",
        empty_label="全部镇街",
    )
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
