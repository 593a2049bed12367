"""deploy/nginx/anjian.conf at work: nginx started once for the module on loopback ports (the same site deploy/
nginx_proxy.py builds for `make prod-check`), in front of a stand-in portal that echoes what it was sent.

What the file says is checked by what nginx does with it; only what cannot be seen from loopback (the deny of
other addresses, the refused TLS versions) stays a check of the text, in test_deploy_files.py.
"""

import http.client
import json
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
HASHED = "app.0123456789ab.css"

# /usr/sbin is not on every user's PATH.
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
)

pytestmark = pytest.mark.skipif(not NGINX or not shutil.which("openssl"), reason="nginx or openssl not installed")


class Portal(BaseHTTPRequestHandler):
    """Answers with the path and headers it got, and sends security headers of its own (nginx must hide them)."""

    def _answer(self):
        if self.path == "/hang-up":  # the portal dies mid-request: nginx answers 502
            self.close_connection = True
            return
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = json.dumps({"path": self.path, "headers": dict(self.headers.items())}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Frame-Options", "SAMEORIGIN")
        self.send_header("Strict-Transport-Security", "max-age=1")
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args):
        pass


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port, process):
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        assert process.poll() is None, "nginx exited"
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nginx did not answer on {port}")


@pytest.fixture(scope="module")
def nginx():
    sys.path.insert(0, str(DEPLOY))
    try:
        import nginx_proxy
    finally:
        sys.path.remove(str(DEPLOY))
    portal = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    work = Path(tempfile.mkdtemp(prefix="anjian-nginx-"))
    work.chmod(0o755)  # nginx's workers run as an unprivileged user when the tests run as root
    for name in ("logs", "nginx-temp"):
        (work / name).mkdir(mode=0o777)
        (work / name).chmod(0o777)
    shutil.copytree(ROOT / "static" / "errors", work / "static" / "errors")
    (work / "static" / HASHED).write_text("body{}")
    (work / "static" / "app.css").write_text("body{}")
    for path in [work / "static", *(work / "static").rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    http_port, https_port = _free_port(), _free_port()
    cert, key = nginx_proxy.make_certificate(work)
    site = nginx_proxy.nginx_site(
        (DEPLOY / "nginx" / "anjian.conf").read_text(),
        upstreams=[f"127.0.0.1:{portal.server_port}"],
        http_port=http_port,
        https_port=https_port,
        static_root=work / "static",
        cert=cert,
        key=key,
        log_dir=work / "logs",
    )
    (work / "site.conf").write_text(site)
    main = nginx_proxy.nginx_main_config(site_path=work / "site.conf", work_dir=work, binary=NGINX)
    (work / "nginx.conf").write_text(main)
    process = subprocess.Popen(
        [NGINX, "-p", work, "-c", work / "nginx.conf", "-g", "daemon off;"], stderr=subprocess.PIPE
    )
    try:
        _wait_for_port(https_port, process)
        yield {"http": http_port, "https": https_port}
    finally:
        process.terminate()
        process.wait(timeout=10)
        portal.shutdown()
        shutil.rmtree(work, ignore_errors=True)


def request(port, method, path, *, tls=True, headers=None, body=None):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the module's own self-signed one
        connection = http.client.HTTPSConnection("127.0.0.1", port, context=context, timeout=10)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def assert_security_headers(headers, what):
    for name, value in SECURITY_HEADERS.items():
        assert headers.get_all(name) == [value], f"{what}: {name} {headers.get_all(name)}"


def test_plain_http_is_redirected_to_https(nginx):
    status, headers, _ = request(nginx["http"], "GET", "/hazards/?page=2", tls=False)

    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{nginx['https']}/hazards/?page=2"


def test_the_portal_gets_what_it_needs_and_each_security_header_is_sent_once(nginx):
    sent = {"Host": "127.0.0.1", "X-Forwarded-For": "203.0.113.9", "X-Request-ID": "client-made"}
    status, headers, body = request(nginx["https"], "GET", "/hazards/", headers=sent)

    assert status == 200
    got = json.loads(body)["headers"]
    assert got["X-Forwarded-Proto"] == "https"
    assert got["X-Forwarded-For"] == "127.0.0.1"  # the client's address, never the chain it claimed
    assert len(got["X-Request-ID"]) == 32 and got["X-Request-ID"] != "client-made"
    assert got["Host"] == "127.0.0.1"
    assert_security_headers(headers, "proxied page")  # the portal's own (other values) are hidden


def test_media_is_not_served_by_nginx_but_asked_of_the_portal(nginx):
    status, _, body = request(nginx["https"], "GET", "/media/hazards/1.jpg")

    assert status == 200 and json.loads(body)["path"] == "/media/hazards/1.jpg"


def test_hashed_static_files_are_cached_a_year_and_keep_the_security_headers(nginx):
    status, headers, body = request(nginx["https"], "GET", f"/static/{HASHED}")

    assert (status, body) == (200, b"body{}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert_security_headers(headers, "hashed static file")
    status, headers, _ = request(nginx["https"], "GET", "/static/app.css")
    assert status == 200 and headers["Cache-Control"] == "max-age=3600"
    assert_security_headers(headers, "static file")


@pytest.mark.parametrize("port", ["http", "https"])
def test_healthz_reaches_the_portal_under_its_own_name_from_this_host(nginx, port):
    status, _, body = request(nginx[port], "GET", "/healthz", tls=port == "https", headers={"Host": "localhost"})

    assert status == 200
    assert json.loads(body)["headers"]["Host"] == "127.0.0.1"  # server_name, not the address asked


def test_a_body_over_12_mb_gets_nginxs_chinese_page(nginx):
    status, headers, body = request(nginx["https"], "POST", "/hazards/new/", body=b"x" * (12 * 1024 * 1024 + 1))

    assert status == 413
    assert "12 MB" in body.decode() and 'lang="zh-Hans"' in body.decode()
    assert_security_headers(headers, "413")
    status, _, _ = request(nginx["https"], "POST", "/hazards/new/", body=b"x" * (11 * 1024 * 1024))
    assert status == 200


def test_a_portal_that_does_not_answer_gets_nginxs_chinese_502_page(nginx):
    status, headers, body = request(nginx["https"], "GET", "/hang-up")

    assert status == 502
    assert 'lang="zh-Hans"' in body.decode() and "<script" not in body.decode()
    assert_security_headers(headers, "502")


def test_nginx_does_not_say_its_version(nginx):
    _, headers, _ = request(nginx["https"], "GET", "/hazards/")

    assert headers["Server"] == "nginx"  # server_tokens off
