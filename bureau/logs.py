"""Log records that say which request or Celery task they belong to, as plain lines or JSON.

`request_id` is set by bureau.middleware.RequestIdMiddleware for a web request and, for a task, is the id of the
request that queued it; `task_id` is set while a Celery task runs (see bureau.celery). Both are "-" otherwise.
"""

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

NONE = "-"
request_id_var = ContextVar("request_id", default=NONE)
task_id_var = ContextVar("task_id", default=NONE)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` and `task_id` to every record passing through the handler it is attached to."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        record.task_id = task_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for journald and whatever collects the logs."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", NONE),
            "task_id": getattr(record, "task_id", NONE),
        }
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
