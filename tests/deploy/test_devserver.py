"""`make run` (bureau/devserver.py) stops every process it started on SIGTERM: runserver and the server its
autoreloader starts, the Celery worker (with beat) and its pool. Issue #17: SIGTERM printed 已全部停止 while
runserver's autoreloaded server kept serving.

The supervisor runs in a session of its own, with SIGINT ignored as in a background job, so "every process it
started" is every process of that session. The fast test supervises the real children on an empty SQLite file
(runserver serves without migrations; the migrations take ~20 s); the slow one runs `python -m bureau.devserver`
whole: migrate, seed_demo, serve.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.environment import available

SUPERVISE = (
    "import os; from bureau.devserver import children, supervise; "
    "supervise(children(os.environ, os.environ['PORT']), dict(os.environ))"
)


def as_background_job():
    """What a shell does to a job started with `&` (and what made the bug show): SIGINT ignored, for the
    supervisor and, inherited, for every process it starts."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def session_members(sid):
    """Pids of the live processes whose session is `sid` (from /proc: field 6 of stat, after the command name)."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        state, session = fields[0], int(fields[3])
        if session == sid and state != "Z":
            members.append(int(entry.name))
    return members


def answers(port):
    try:
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2).close()
    except urllib.error.HTTPError:
        return True  # any HTTP answer is a server still serving
    except OSError:
        return False
    return True


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def supervisor_env(tmp_path, port):
    env = dict(os.environ, PORT=str(port), DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env["DEMO_SCALE"] = "small"
    if not available["redis"]:
        env.pop("REDIS_URL", None)  # then there is no worker to stop: the web server is still tested
    return env


def start_then_sigterm(argv, env, tmp_path, start_seconds):
    """Start `argv` in a new session, wait until its server answers, SIGTERM it; return (pid, log, members after)."""
    port = env["PORT"]
    log_path = tmp_path / "devserver.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            argv,
            env=env,
            cwd=settings.BASE_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=as_background_job,
        )
    try:
        assert wait_for(lambda: answers(port), start_seconds), log_path.read_text(errors="replace")
        # runserver answers from the autoreloader's child: both are running, and the worker when there is Redis.
        started = session_members(proc.pid)
        assert len(started) >= (4 if env.get("REDIS_URL") else 3), started

        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=40)
        # Within a few seconds of the supervisor's end nothing it started is left, and the port is closed.
        wait_for(lambda: not session_members(proc.pid), 5)
        return proc, log_path.read_text(errors="replace"), session_members(proc.pid), answers(port)
    finally:
        for pid in session_members(proc.pid):  # never leave a server behind a failed test
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_sigterm_stops_runserver_its_reloaded_server_and_the_worker(tmp_path):
    env = supervisor_env(tmp_path, free_port())

    proc, log, left, serving = start_then_sigterm([sys.executable, "-c", SUPERVISE], env, tmp_path, 60)

    assert "已全部停止" in log
    assert left == [], log
    assert not serving, log


@pytest.mark.slow
def test_make_runs_supervisor_migrates_seeds_serves_and_stops_on_sigterm(tmp_path):
    env = supervisor_env(tmp_path, free_port())

    proc, log, left, serving = start_then_sigterm([sys.executable, "-m", "bureau.devserver"], env, tmp_path, 180)

    assert "演示数据已就绪" in log and "已全部停止" in log, log
    assert left == [] and not serving, log
