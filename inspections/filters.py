"""What the sub-packages' filters share: finding records by their enterprise's name or credit code."""

from django.db.models import Q


class EnterpriseSearchMixin:
    # The path from the filtered model to the enterprise: a link table of inspections reaches it through the
    # inspection ("inspection__enterprise").
    enterprise_path = "enterprise"

    def by_enterprise(self, queryset, name, value):
        value = value.strip()
        path = self.enterprise_path
        return queryset.filter(
            Q(**{f"{path}__name__icontains": value}) | Q(**{f"{path}__credit_code__iexact": value.upper()})
        )
