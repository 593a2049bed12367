"""The production stack on this machine, on loopback: what `make prod-check` and `make scale-check` start and talk to.

Real parts only: PostgreSQL, Redis, gunicorn with deploy/gunicorn.conf.py, Celery worker and beat, and nginx with a
configuration derived from deploy/nginx/anjian.conf when the `nginx` binary exists. Everything started here is
stopped again by Processes.stop_all(), also after a failure or Ctrl-C.
"""

import contextlib
import grp
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import traceback
import unicodedata
import uuid
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, HTTPRedirectHandler, HTTPSHandler, Request, build_opener

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
        # Behind nginx with TLS: exactly as in production. Talking to gunicorn directly over plain HTTP, the
        # HTTPS redirect and secure cookies would make the check impossible, so they are off, and said so.
        BEHIND_PROXY="1" if behind_tls_proxy else "0",
        SECURE_SSL_REDIRECT="1" if behind_tls_proxy else "0",
        SECURE_COOKIES="1" if behind_tls_proxy else "0",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def recreate_database():
    import psycopg2

    connection = psycopg2.connect(f"{POSTGRES_SERVER}/postgres", connect_timeout=5)
    connection.autocommit = True
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


# ----------------------------------------------------------------------------------------------------- nginx


def nginx_binary():
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def make_certificate(directory):
    """A self-signed certificate for 127.0.0.1 and localhost; the check's client trusts exactly this one."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True, capture_output=True,
    )  # fmt: skip
    return cert, key


def nginx_site(template, *, upstreams, http_port, https_port, static_root, cert, key, log_dir):
    """deploy/nginx/anjian.conf with loopback ports, the check's paths and upstreams; everything else as shipped."""
    servers = "\n".join(f"    server {address};" for address in upstreams)
    replacements = [
        ("    server 127.0.0.1:8001;", servers),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("    listen [::]:80;\n", ""),
        ("    listen [::]:443 ssl http2;\n", ""),
        ("server_name anjian.example.gov.cn;", "server_name 127.0.0.1 localhost;"),
        ("return 301 https://$host$request_uri;", f"return 301 https://$host:{https_port}$request_uri;"),
        ("/etc/anjian/tls/fullchain.pem", str(cert)),
        ("/etc/anjian/tls/privkey.pem", str(key)),
        ("/srv/anjian/static/", f"{static_root}/"),
        ("/var/log/nginx/", f"{log_dir}/"),
    ]
    text = template
    for old, new in replacements:
        # The template is the production file: if it changed shape, say so rather than check something else.
        if old not in text:
            raise CheckFailed(f"deploy/nginx/anjian.conf 中找不到 {old.strip()!r}：请同步更新 deploy/stack.py")
        text = text.replace(old, new)
    return text


def nginx_main_config(*, site_path, work_dir, binary):
    mime_types = _nginx_conf_dir(binary) / "mime.types"
    if not mime_types.exists():
        raise CheckFailed(f"找不到 nginx 的 mime.types（{mime_types}）")
    temp = work_dir / "nginx-temp"
    user = ""
    if os.geteuid() == 0:
        # nginx started by root runs its workers as an unprivileged user, as in production.
        account = next(_existing_users("www-data", "nginx", "nobody"))
        user = f"user {account.pw_name} {grp.getgrgid(account.pw_gid).gr_name};"
    return f"""# Generated by deploy/stack.py for a loopback check; the site itself is deploy/nginx/anjian.conf.
{user}
worker_processes 2;
pid {work_dir}/nginx.pid;
error_log {work_dir}/logs/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site_path};
}}
"""


def _nginx_conf_dir(binary):
    result = subprocess.run([binary, "-V"], capture_output=True, text=True)
    match = re.search(r"--conf-path=(\S+)", result.stderr + result.stdout)
    return Path(match.group(1)).parent if match else Path("/etc/nginx")


def _existing_users(*names):
    for name in names:
        try:
            yield pwd.getpwnam(name)
        except KeyError:
            continue


def start_nginx(processes, *, binary, work_dir, upstreams, http_port, https_port, cert, key):
    expect_free_ports(http_port, https_port)
    site = nginx_site(
        NGINX_TEMPLATE.read_text(),
        upstreams=upstreams,
        http_port=http_port,
        https_port=https_port,
        static_root=work_dir / "static",
        cert=cert,
        key=key,
        log_dir=work_dir / "logs",
    )
    site_path = work_dir / "nginx-anjian.conf"
    site_path.write_text(site)
    main_path = work_dir / "nginx.conf"
    main_path.write_text(nginx_main_config(site_path=site_path, work_dir=work_dir, binary=binary))
    (work_dir / "nginx-temp").mkdir(exist_ok=True)
    test = subprocess.run([binary, "-t", "-p", work_dir, "-c", main_path], capture_output=True, text=True)
    expect(test.returncode == 0, f"nginx -t 失败：\n{test.stderr}")
    processes.start(
        "nginx",
        [binary, "-p", work_dir, "-c", main_path, "-g", "daemon off;"],
        env=dict(os.environ),
        log_name="nginx.log",
    )
    wait_for(f"nginx 在 {https_port} 端口应答", lambda: processes.expect_running() or port_answers(https_port))
    return f"nginx {_nginx_version(binary)}：https://127.0.0.1:{https_port}/ → {', '.join(upstreams)}"


def _nginx_version(binary):
    result = subprocess.run([binary, "-v"], capture_output=True, text=True)
    return (result.stderr or result.stdout).strip().split("/")[-1]


# ------------------------------------------------------------------------------------------------------ http


@dataclass
class Response:
    status: int
    headers: object
    body: bytes
    url: str

    @property
    def text(self):
        return self.body.decode("utf-8", errors="replace")

    def header(self, name):
        return self.headers.get(name)


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A client with a cookie jar, like a browser: CSRF tokens from forms, Referer and Origin on each POST."""

    def __init__(self, base_url, *, cafile=None):
        self.base_url = base_url.rstrip("/")
        self.jar = CookieJar()
        handlers = [HTTPCookieProcessor(self.jar)]
        if cafile:
            handlers.append(HTTPSHandler(context=ssl.create_default_context(cafile=str(cafile))))
        self._follow = build_opener(*handlers)
        self._stay = build_opener(*handlers, _NoRedirect)

    def request(self, method, path, *, data=None, headers=None, follow=True, content_type=None):
        url = path if path.startswith("http") else self.base_url + path
        request = Request(url, data=data, method=method, headers=headers or {})
        if content_type:
            request.add_header("Content-Type", content_type)
        opener = self._follow if follow else self._stay
        try:
            with opener.open(request, timeout=30) as response:
                return Response(response.status, response.headers, response.read(), response.url)
        except HTTPError as error:
            return Response(error.code, error.headers, error.read(), url)

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields, *, files=None, referer=None, follow=True):
        headers = {"Referer": self.base_url + (referer or path), "Origin": self.base_url}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, data=body, headers=headers, content_type=content_type, follow=follow)

    def sign_in(self, username, password=DEMO_PASSWORD):
        page = self.get("/accounts/login/")
        expect(page.status == 200, f"登录页返回 {page.status}")
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": csrf_token(page.text)}
        response = self.post_form("/accounts/login/", fields, follow=False)
        # Signed in = redirected away from the form with a session; where to is the home page's business.
        expect(response.status == 302, f"登录应跳转，实际 {response.status}：用户名或密码错误？{response.text[:300]}")
        expect(any(cookie.name == "sessionid" for cookie in self.jar), "登录后没有 sessionid cookie")
        return response


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise CheckFailed("页面里没有 CSRF 令牌")
    return match.group(1)


def multipart(fields, files):
    """multipart/form-data from {name: value} and {name: (filename, content_type, bytes)}."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, data) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


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
