import django_filters
from django.utils import timezone

from enterprises.models import Industry
from grids.filters import RoleScopedFilterSet, TownFilter
from hazards.filters import YES_NO
from hazards.listing_models import ListingLevel, ListingStatus, MajorHazardListing, listing_overdue_q


class ListingFilter(RoleScopedFilterSet):
    town = TownFilter(field_name="hazard__enterprise__town")
    industry = django_filters.ChoiceFilter(
        label="行业", field_name="hazard__enterprise__industry", choices=Industry.choices, empty_label="全部行业"
    )
    status = django_filters.ChoiceFilter(label="督办状态", choices=ListingStatus.choices, empty_label="全部状态")
    level = django_filters.ChoiceFilter(label="督办级别", choices=ListingLevel.choices, empty_label="全部级别")
    overdue = django_filters.ChoiceFilter(label="逾期", choices=YES_NO, method="by_overdue", empty_label="不限")

    class Meta:
        model = MajorHazardListing
        fields = []

    def by_overdue(self, queryset, name, value):
        overdue = listing_overdue_q(timezone.localdate())
        return queryset.filter(overdue if value == "1" else ~overdue)
