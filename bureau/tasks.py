import logging
import time

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task(bind=True)
def whoami(self, pause=0.0):
    """The name of the worker that ran this task: shows tasks spread over several workers (make scale-check).

    `pause` holds the worker process that long, so that a burst of tasks cannot all be taken by the first worker.
    """
    time.sleep(min(pause, 5.0))
    logger.info("whoami ran on %s", self.request.hostname)
    return self.request.hostname
