"""A real Celery worker whose rankings take a while, for the test that kills a worker in the middle of one.

    RANKING_TEST_DELAY=1 python -m tests.faults.slow_worker --pool solo …   (the arguments of `celery worker`)

The portal's code knows nothing of it: this module wraps the scoring function that the ranking service calls, so that
each progress step (one per indicator) waits RANKING_TEST_DELAY seconds before scoring goes on, then starts the
ordinary worker. What is computed and stored is untouched; only the time it takes grows.
"""

import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")
django.setup()

from bureau.assessment import services  # noqa: E402  (after django.setup())
from bureau.celery import app  # noqa: E402

DELAY = float(os.environ.get("RANKING_TEST_DELAY", "0"))
compute_ranking = services.compute_ranking


def slow_compute_ranking(quarter, progress=None):
    def slow_progress(percent):
        if progress:
            progress(percent)
        time.sleep(DELAY)

    return compute_ranking(quarter, progress=slow_progress)


services.compute_ranking = slow_compute_ranking

if __name__ == "__main__":
    app.worker_main(["worker", *sys.argv[1:]])
