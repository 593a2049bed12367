from django.db.models import Count, Q
from django.utils import timezone

from hazards.models import HazardStatus, overdue_q


def status_counts(queryset):
    """[(status, label, n)] and the overdue count for a filtered list, in one query."""
    today = timezone.localdate()
    aggregates = {s.value: Count("pk", filter=Q(status=s)) for s in HazardStatus}
    aggregates["overdue"] = Count("pk", filter=overdue_q(today))
    row = queryset.order_by().aggregate(**aggregates)
    return [(s.value, s.label, row[s.value]) for s in HazardStatus], row["overdue"]
