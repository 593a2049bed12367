import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bureau.logs import NONE, JsonFormatter, RequestIdFilter, request_id_var
from deploy.check_tasks import whoami

ROOT = Path(__file__).resolve().parents[2]


def _record(message, *args, exc_info=None):
    record = logging.LogRecord("bureau.test", logging.WARNING, __file__, 1, message, args, exc_info)
    RequestIdFilter().filter(record)
    return record


def test_json_lines_have_time_level_logger_message_and_ids():
    token = request_id_var.set("abc123")
    try:
        line = JsonFormatter().format(_record("隐患 %s 已逾期", 42))
    finally:
        request_id_var.reset(token)

    entry = json.loads(line)
    assert entry["message"] == "隐患 42 已逾期"
    assert entry["level"] == "WARNING" and entry["logger"] == "bureau.test"
    assert entry["request_id"] == "abc123" and entry["task_id"] == NONE
    assert entry["time"].endswith("+00:00")
    assert "\n" not in line and "隐患" in line  # one line per record, Chinese kept readable


def test_json_lines_carry_the_traceback():
    try:
        raise ValueError("坏数据")
    except ValueError:
        line = JsonFormatter().format(_record("failed", exc_info=sys.exc_info()))

    entry = json.loads(line)
    assert "Traceback" in entry["exc_info"] and "ValueError: 坏数据" in entry["exc_info"]


def _manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "LOG_FORMAT"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_production_logs_json_by_default_and_development_plain_lines():
    code = "import logging; logging.getLogger('bureau.test').warning('你好')"
    production = _manage("shell", "-c", code, DEBUG="0", SECRET_KEY="k" * 60, ALLOWED_HOSTS="anjian.example.gov.cn")
    development = _manage("shell", "-c", code, DEBUG="1")

    assert json.loads(production.stderr.strip().splitlines()[-1])["message"] == "你好", production.stderr
    assert development.stderr.strip().splitlines()[-1].endswith("bureau.test request=- task=- 你好")


def test_a_bad_log_format_stops_start_up():
    result = _manage("check", DEBUG="1", LOG_FORMAT="xml")

    assert result.returncode != 0
    assert "LOG_FORMAT" in result.stderr


def test_a_task_logs_with_its_task_id_and_the_request_that_ran_it(log_records):
    collected = log_records("deploy.check_tasks")
    token = request_id_var.set("web-1")
    try:
        result = whoami.apply()  # run here, as when Redis is absent
        after = request_id_var.get()
    finally:
        request_id_var.reset(token)

    assert [(r.task_id, r.request_id) for r in collected] == [(result.id, "web-1")]
    assert after == "web-1"  # the request gets its id back once the task is done


@pytest.mark.worker
def test_a_worker_logs_the_task_with_the_id_of_the_request_that_queued_it(celery_worker, log_records):
    collected = log_records("deploy.check_tasks")
    token = request_id_var.set("web-queued-7")
    try:
        result = whoami.delay()
    finally:
        request_id_var.reset(token)

    hostname = result.get(timeout=20)

    assert hostname  # the name of the worker that ran it
    assert [(r.task_id, r.request_id) for r in collected] == [(result.id, "web-queued-7")]
