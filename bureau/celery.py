"""The Celery app. Without REDIS_URL, settings make every task run in-process."""

import os

from celery import Celery
from celery.signals import before_task_publish, setup_logging, task_postrun, task_prerun

from bureau.logs import NONE, request_id_var, task_id_var

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bureau.settings")

app = Celery("bureau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _log_through_django_settings(**kwargs):
    """Workers and beat log as the web does (settings.LOGGING: JSON lines with ids), not in Celery's own format."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)


@before_task_publish.connect
def _pass_on_the_request_id(headers=None, **kwargs):
    # The worker's log lines for this task then name the request that queued it.
    request_id = request_id_var.get()
    if headers is not None and request_id != NONE:
        headers.setdefault("request_id", request_id)


_running = {}


@task_prerun.connect
def _bind_task_ids(task_id=None, task=None, **kwargs):
    request_id = getattr(task.request, "request_id", None) or request_id_var.get()
    _running[task_id] = (task_id_var.set(task_id), request_id_var.set(request_id))


@task_postrun.connect
def _unbind_task_ids(task_id=None, **kwargs):
    # Restore rather than clear: a task run eagerly inside a web request must give the request its id back.
    tokens = _running.pop(task_id, None)
    if tokens:
        task_id_var.reset(tokens[0])
        request_id_var.reset(tokens[1])
