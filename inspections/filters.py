"""What the sub-packages' filters share: finding records by their enterprise's name or credit code."""

from django.db.models import Q


class EnterpriseSearchMixin:
    def by_enterprise(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(enterprise__name__icontains=value) | Q(enterprise__credit_code__iexact=value.upper()))
