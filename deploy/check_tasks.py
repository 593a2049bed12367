"""Probe tasks of `make prod-check` and `make scale-check`, and of the Celery tests: nothing of the portal's own.

A worker registers them only with CHECK_TASKS=1 (settings.CELERY_IMPORTS), which deploy/stack.py sets for the
stacks it starts; the production worker never does.
"""

import logging
import time

from celery import shared_task
from django.db.models import Count

from grids.models import GridCell

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def whoami(self, pause=0.0):
    """The name of the worker that ran this task: shows tasks spread over several workers (make scale-check).

    `pause` holds the worker process that long, so that a burst of tasks cannot all be taken by the first worker.
    """
    time.sleep(min(pause, 5.0))
    logger.info("whoami ran on %s", self.request.hostname)
    return self.request.hostname


@shared_task
def count_cells_by_level():
    """Cells per level, e.g. {"1": 1, "2": 15, ...}: proves the path web → Redis → worker → database."""
    counts = {str(level): 0 for level in (1, 2, 3, 4)}
    for row in GridCell.objects.values("level").annotate(n=Count("id")).order_by():
        counts[str(row["level"])] = row["n"]
    return counts
