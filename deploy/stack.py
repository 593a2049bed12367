"""The production stack on this machine, on loopback: what `make prod-check` and `make scale-check` start and talk to.

Real parts only: PostgreSQL, Redis, gunicorn with deploy/gunicorn.conf.py, Celery worker and beat, and nginx with a
configuration derived from deploy/nginx/anjian.conf when the `nginx` binary exists. Everything started here is
stopped again by Processes.stop_all(), also after a failure or Ctrl-C.
"""

import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NGINX_TEMPLATE = ROOT / "deploy" / "nginx" / "anjian.conf"
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"

# The check's own database and Redis db: other developers' tests use theirs at the same time.
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE_NAME = "anjian_prodcheck"
REDIS_URL = "redis://127.0.0.1:6379/9"
DEMO_PASSWORD = "Anjian@2026"


# ---------------------------------------------------------------------------------------------------- steps


@dataclass
class Outcome:
    name: str
    status: str  # PASS, FAIL or SKIP
    seconds: float = 0.0
    detail: str = ""


@dataclass
class Steps:
    """Runs named steps in order, prints each as it goes; after a failure the remaining steps are skipped."""

    title: str
    outcomes: list = field(default_factory=list)

    @property
    def failed(self):
        return any(outcome.status == "FAIL" for outcome in self.outcomes)

    def run(self, name, func, *args, **kwargs):
        if self.failed:
            self.outcomes.append(Outcome(name, "SKIP", detail="前面的步骤失败"))
            return None
        print(f"\n→ {name}", flush=True)
        started = time.monotonic()
        try:
            detail = func(*args, **kwargs)
        except KeyboardInterrupt:
            self.outcomes.append(Outcome(name, "FAIL", time.monotonic() - started, "被中断（Ctrl-C 或 SIGTERM）"))
            raise
        except Exception as exc:  # a check reports whatever went wrong and goes on to stop the stack
            traceback.print_exc()
            self.outcomes.append(Outcome(name, "FAIL", time.monotonic() - started, f"{type(exc).__name__}: {exc}"))
            return None
        outcome = Outcome(name, "PASS", time.monotonic() - started, detail or "")
        self.outcomes.append(outcome)
        print(f"  PASS {outcome.detail}", flush=True)
        return detail

    def skip(self, name, why):
        self.outcomes.append(Outcome(name, "SKIP", detail=why))

    def summary(self, notes=()):
        width = max((display_width(outcome.name) for outcome in self.outcomes), default=10)
        print("\n" + "=" * 100)
        print(self.title)
        print("=" * 100)
        for outcome in self.outcomes:
            padding = " " * (width - display_width(outcome.name))
            print(f"{outcome.status:<5} {outcome.name}{padding}  {outcome.seconds:6.1f}s  {outcome.detail}")
        for note in notes:
            print(f"!!! {note}")
        verdict = "FAIL" if self.failed or not self.outcomes else "PASS"
        passed = sum(outcome.status == "PASS" for outcome in self.outcomes)
        print(f"{verdict}: {passed}/{len(self.outcomes)} 步通过")
        return 1 if verdict == "FAIL" else 0


def display_width(text):
    """Columns on a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def wait_for(what, probe, timeout=60, interval=0.5):
    """Call probe() until it returns something true; returns it, or raises CheckFailed after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_error = None
    while time.monotonic() < deadline:
        try:
            value = probe()
        except Exception as exc:  # keep trying until the deadline; report the last error
            last_error = exc
        else:
            if value:
                return value
        time.sleep(interval)
    raise CheckFailed(f"{timeout} 秒内未等到：{what}" + (f"（最后的错误：{last_error}）" if last_error else ""))


# ------------------------------------------------------------------------------------------------ processes


@dataclass
class Child:
    name: str
    process: subprocess.Popen
    log: Path


class Processes:
    """The processes this check started; each in its own process group, stopped by that group's id."""

    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.children = []

    def start(self, name, argv, *, env, log_name):
        log = self.log_dir / log_name
        handle = log.open("ab")
        process = subprocess.Popen(
            [str(arg) for arg in argv],
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=handle,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        handle.close()
        self.children.append(Child(name, process, log))
        print(f"  已启动 {name}（pid {process.pid}，日志 {log}）", flush=True)
        return process

    def expect_running(self):
        for child in self.children:
            code = child.process.poll()
            if code is not None:
                raise CheckFailed(f"{child.name} 已退出（返回码 {code}），见 {child.log}:\n{tail(child.log)}")

    def stop_all(self, timeout=20):
        running = [child for child in reversed(self.children) if child.process.poll() is None]
        for child in running:
            _signal_group(child.process, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for child in running:
            try:
                child.process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                _signal_group(child.process, signal.SIGKILL)
                child.process.wait(timeout=5)
        for child in running:
            # Worker processes of a stopped master (gunicorn, Celery, nginx) share its group.
            _signal_group(child.process, signal.SIGKILL)
        if running:
            print("已停止：" + "、".join(child.name for child in running), flush=True)


def _signal_group(process, signum):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def port_is_free(port):
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def expect_free_ports(*ports):
    busy = [port for port in ports if not port_is_free(port)]
    expect(not busy, f"端口已被占用：{busy}（另一个检查在运行？）")


# ------------------------------------------------------------------------------------------------- services


def production_env(*, work_dir, behind_tls_proxy):
    """The environment of every process of the stack: production settings, the check's database and Redis db."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "GUNICORN_", "SECURE_", "PYTEST"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"{POSTGRES_SERVER}/{DATABASE_NAME}",
        REDIS_URL=REDIS_URL,
        STATIC_ROOT=str(work_dir / "static"),
        MEDIA_ROOT=str(work_dir / "media"),
        STATIC_MANIFEST="1",
        LOG_FORMAT="json",
        PYTHONUNBUFFERED="1",
        CHECK_TASKS="1",  # the workers register deploy/check_tasks.py, which the checks send
        # Behind nginx with TLS: exactly as in production. Talking to gunicorn directly over plain HTTP, the
        # HTTPS redirect and secure cookies would make the check impossible, so they are off, and said so.
        BEHIND_PROXY="1" if behind_tls_proxy else "0",
        SECURE_SSL_REDIRECT="1" if behind_tls_proxy else "0",
        SECURE_COOKIES="1" if behind_tls_proxy else "0",
    )
    return env


def recreate_database():
    import psycopg

    connection = psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5)
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{DATABASE_NAME}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    return f"PostgreSQL {version}，数据库 {DATABASE_NAME} 已重建"


def flush_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3, socket_timeout=3)
    client.flushdb()
    return f"Redis {client.info('server')['redis_version']}，{REDIS_URL} 已清空"


def manage(env, *args, timeout=900):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise CheckFailed(f"manage.py {' '.join(args)} 失败：\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result.stdout


def start_gunicorn(processes, env, *, port, workers, name="gunicorn"):
    expect_free_ports(port)
    gunicorn_env = {**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)}
    gunicorn_env["GUNICORN_PROC_NAME"] = f"anjian-check-{port}"
    processes.start(
        f"{name} :{port}（{workers} workers）",
        [BIN / "gunicorn", "--config", GUNICORN_CONFIG],
        env=gunicorn_env,
        log_name=f"{name}-{port}.log",
    )
    wait_for(f"gunicorn 在 {port} 端口应答", lambda: processes.expect_running() or port_answers(port), timeout=60)
    return f"127.0.0.1:{port}"


def start_worker(processes, env, *, name="worker", concurrency=2):
    argv = [BIN / "celery", "--app", "bureau", "worker", "--loglevel", "INFO"]
    argv += ["--concurrency", concurrency, "--hostname", f"{name}@%h"]
    processes.start(f"Celery worker {name}", argv, env=env, log_name=f"celery-{name}.log")
    return f"{name}@{socket.gethostname()}"


def start_beat(processes, env, *, work_dir):
    argv = [BIN / "celery", "--app", "bureau", "beat", "--loglevel", "INFO"]
    argv += ["--schedule", work_dir / "celerybeat-schedule"]
    processes.start("Celery beat", argv, env=env, log_name="celery-beat.log")


def wait_for_workers(hostnames, timeout=90):
    from bureau.celery import app

    def all_answer():
        replies = app.control.ping(timeout=1)
        seen = {name for reply in replies for name in reply}
        return set(hostnames) <= seen

    wait_for(f"Celery worker 应答：{', '.join(hostnames)}", all_answer, timeout=timeout, interval=1)


def setup_django(env):
    """Make this process a client of the stack: the same settings, for the ORM and for sending tasks."""
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bureau.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def json_log_lines(path):
    """The JSON lines of a log (the portal's own records); other lines (gunicorn's, Celery's banner) are skipped."""
    lines = []
    for line in Path(path).read_text(errors="replace").splitlines():
        if line.startswith("{"):
            try:
                lines.append(json.loads(line))
            except ValueError:
                continue
    return lines
