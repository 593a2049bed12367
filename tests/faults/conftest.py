"""Fault tests stop and start real parts: their OWN PostgreSQL cluster and Redis, never the shared ones.

Other developers' tests use the PostgreSQL on 5432 and the Redis on 6379 at the same time, so nothing here touches
them. A session starts one throwaway PostgreSQL cluster (initdb into a temporary folder, a free port, fsync off) and
builds one template database in it (migrated, `seed_demo`); each test gets a fresh copy of that database (CREATE
DATABASE … TEMPLATE, a fraction of a second), its own redis-server on a free port (no persistence), and, when it
needs one, gunicorn with deploy/gunicorn.conf.py and production settings pointed at them.

Missing binaries skip these tests; under CI=true they are an error, as in tests/environment.py.
"""

import contextlib
import itertools
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("FAULTS_PG_BIN", "/usr/lib/postgresql/15/bin"))
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
DEMO_PASSWORD = "Anjian@2026"
TEMPLATE = "anjian_faults_template"

_names = itertools.count(1)


def missing_binaries():
    wanted = [PG_BIN / "initdb", PG_BIN / "pg_ctl", PG_BIN / "postgres", Path(REDIS_SERVER), BIN / "gunicorn"]
    return [str(path) for path in wanted if not path.exists()]


def pytest_collection_modifyitems(config, items):
    missing = missing_binaries()
    if not missing:
        return
    if os.environ.get("CI", "").lower() == "true":
        raise pytest.UsageError("CI=true but the fault tests' binaries are missing: " + ", ".join(missing))
    skip = pytest.mark.skip(reason="故障测试所需程序缺失：" + "、".join(missing))
    for item in items:
        if "faults" in item.keywords:
            item.add_marker(skip)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_answers(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def wait_until(what, probe, timeout=30, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{timeout} 秒内未等到：{what}")


def _kill_group(process, signum=signal.SIGTERM):
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def stop_process(process, timeout=10):
    """Stop a process started in its own group (and its children: gunicorn's and Celery's workers)."""
    if process.poll() is None:
        _kill_group(process)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process, signal.SIGKILL)
            process.wait(timeout=5)
    _kill_group(process, signal.SIGKILL)


# PostgreSQL ---------------------------------------------------------------------------------------------------------


class Postgres:
    """A throwaway cluster. initdb refuses to run as root, so as root it runs as the `postgres` OS user."""

    def __init__(self, base):
        self.base = Path(base)
        self.data = self.base / "data"
        self.sockets = self.base / "sockets"
        self.log = self.base / "postgres.log"
        self.port = free_port()
        self.as_user = []
        if os.geteuid() == 0:
            account = pwd.getpwnam("postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
            os.chown(self.base, account.pw_uid, account.pw_gid)
        self.sockets.mkdir()
        if self.as_user:
            shutil.chown(self.sockets, "postgres")

    def _run(self, *argv, timeout=60):
        subprocess.run([*self.as_user, *map(str, argv)], check=True, capture_output=True, timeout=timeout)

    def init(self):
        self._run(PG_BIN / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")

    def start(self):
        options = f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
        options += "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "30", "start")

    def stop(self):
        """A fast shutdown: open connections are cut, as when the server is restarted for maintenance."""
        self._run(PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "30", "stop")

    def url(self, database):
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database="postgres"):
        import psycopg

        # Client-side binding, as Django uses: parameters also work in utility statements.
        return psycopg.connect(
            self.url(database), autocommit=True, connect_timeout=5, cursor_factory=psycopg.ClientCursor
        )

    def execute(self, sql, params=None, database="postgres"):
        with contextlib.closing(self.connect(database)) as connection, connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else None

    def create_database(self, name, template=None):
        template_clause = f' TEMPLATE "{template}"' if template else ""
        self.execute(f'CREATE DATABASE "{name}"{template_clause}')
        return self.url(name)


def portal_env(*, database_url, redis_url, media_root, **extra):
    """Production settings (DEBUG off) on plain HTTP on loopback, against the throwaway services."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "CELERY_", "GUNICORN_", "SECURE_", "PYTEST", "REDIS_", "DATABASE_"))
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        MEDIA_ROOT=str(media_root),
        STATIC_MANIFEST="0",
        SECURE_SSL_REDIRECT="0",
        SECURE_COOKIES="0",
        SECURE_HSTS_SECONDS="0",
        LOG_FORMAT="plain",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def manage(env, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    return result.stdout


@pytest.fixture(scope="session")
def postgres():
    """The session's throwaway PostgreSQL, with the template database (migrated, demo data) built once."""
    base = tempfile.mkdtemp(prefix="anjian-faults-pg-")
    server = Postgres(base)
    try:
        server.init()
        server.start()
        server.create_database(TEMPLATE)
        media = Path(base) / "template-media"
        env = portal_env(database_url=server.url(TEMPLATE), redis_url="", media_root=media)
        env.pop("REDIS_URL")
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo")
        server.template_media = media
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
        shutil.rmtree(base, ignore_errors=True)


# Redis --------------------------------------------------------------------------------------------------------------


class Redis:
    def __init__(self, base):
        self.base = Path(base)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        argv = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        argv += ["--dir", str(self.base), "--daemonize", "no"]
        self.process = subprocess.Popen(
            argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        wait_until(f"redis-server :{self.port}", lambda: port_answers(self.port), timeout=10, interval=0.05)

    def stop(self):
        if self.process is not None:
            stop_process(self.process)
            self.process = None
        wait_until(f"redis-server :{self.port} 停止", lambda: not port_answers(self.port), timeout=10)

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2, socket_connect_timeout=2)


@pytest.fixture
def redis_server(tmp_path):
    server = Redis(tmp_path)
    server.start()
    yield server
    server.stop()


# One test's world: a fresh database, Redis, MEDIA_ROOT; gunicorn and workers on demand ----------------------------


@dataclass
class Stack:
    postgres: Postgres
    redis: Redis
    database: str
    work_dir: Path
    processes: list = field(default_factory=list)

    @property
    def media_root(self):
        return self.work_dir / "media"

    def env(self, **extra):
        return portal_env(
            database_url=self.postgres.url(self.database),
            redis_url=self.redis.url,
            media_root=self.media_root,
            **extra,
        )

    def sql(self, query, params=None):
        return self.postgres.execute(query, params, database=self.database)

    def start(self, name, argv, *, env):
        log = self.work_dir / f"{name}.log"
        with log.open("ab") as handle:
            process = subprocess.Popen(
                [str(arg) for arg in argv],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=handle,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        process.log = log
        self.processes.append(process)
        return process

    def start_gunicorn(self, workers=2):
        port = free_port()
        env = self.env(GUNICORN_BIND=f"127.0.0.1:{port}", GUNICORN_WORKERS=str(workers), GUNICORN_TIMEOUT="30")
        env["GUNICORN_PROC_NAME"] = f"anjian-faults-{port}"
        argv = [BIN / "gunicorn", "--config", ROOT / "deploy" / "gunicorn.conf.py"]
        process = self.start(f"gunicorn-{port}", argv, env=env)

        def up():
            assert process.poll() is None, f"gunicorn exited:\n{process.log.read_text()[-3000:]}"
            return port_answers(port)

        wait_until(f"gunicorn :{port}", up, timeout=60)
        return f"http://127.0.0.1:{port}"

    def stop_all(self):
        for process in reversed(self.processes):
            stop_process(process)
        self.processes.clear()


@pytest.fixture
def stack(postgres, redis_server, tmp_path):
    database = f"faults_{os.getpid()}_{next(_names)}"
    postgres.create_database(database, template=TEMPLATE)
    if postgres.template_media.exists():
        shutil.copytree(postgres.template_media, tmp_path / "media")
    world = Stack(postgres=postgres, redis=redis_server, database=database, work_dir=tmp_path)
    yield world
    world.stop_all()
    with contextlib.suppress(Exception):
        postgres.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def browser(base_url):
    """A client with a cookie jar that signs in as a browser does (deploy/stack.py's, used by `make prod-check`)."""
    sys.path.insert(0, str(ROOT / "deploy"))
    try:
        from http_client import Browser
    finally:
        sys.path.remove(str(ROOT / "deploy"))
    return Browser(base_url)


def csrf_token(page_text):
    sys.path.insert(0, str(ROOT / "deploy"))
    try:
        from http_client import csrf_token as from_form
    finally:
        sys.path.remove(str(ROOT / "deploy"))
    return from_form(page_text)


def post_button(client, page_path, action_path):
    """Press a button of a page: its form's CSRF token, posted with the page as the referer; follows the redirect."""
    page = client.get(page_path)
    assert page.status == 200, f"{page_path} answered {page.status}"
    return client.post_form(action_path, {"csrfmiddlewaretoken": csrf_token(page.text)}, referer=page_path)


def hazard_fields(page_text, description):
    from datetime import date, timedelta

    today = date.today()
    return {
        "csrfmiddlewaretoken": csrf_token(page_text),
        "found_on": (today - timedelta(days=1)).isoformat(),
        "location": "一号车间配电箱",
        "description": description,
        "category": "site",
        "subcategory": "electricity",
        "level": "general",
        "rectification_deadline": (today + timedelta(days=14)).isoformat(),
        "responsible_person": "周晓东",
        "measures": "关闭箱门并加锁",
        "funds": "",
        "suspension": "none",
    }


def jpeg():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (200, 60, 40)).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def report_hazard(client, description, *, form_page=None):
    """An enterprise user reports a hazard with a photo, as the browser does; returns the response (not followed)."""
    page = form_page or client.get("/hazards/new/")
    assert page.status == 200, f"/hazards/new/ answered {page.status}"
    return client.post_form(
        "/hazards/new/",
        hazard_fields(page.text, description),
        files={"photos": ("配电箱.jpg", "image/jpeg", jpeg())},
        referer="/hazards/new/",
        follow=False,
    )
