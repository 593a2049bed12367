from celery import shared_task
from django.db.models import Count

from grids.models import GridCell


@shared_task
def count_cells_by_level():
    """Cells per level, e.g. {"1": 1, "2": 15, ...}: proves the path web → Redis → worker → database."""
    counts = {str(level): 0 for level in (1, 2, 3, 4)}
    for row in GridCell.objects.values("level").annotate(n=Count("id")).order_by():
        counts[str(row["level"])] = row["n"]
    return counts
