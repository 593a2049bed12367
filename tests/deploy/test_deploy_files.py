"""The files an IT person copies onto the server: nginx site, systemd units, gunicorn settings."""

import configparser
import importlib.util
import os
import re
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = (DEPLOY / "nginx" / "anjian.conf").read_text()
DIRECTIVES = re.sub(r"#.*", "", NGINX)  # the config without its comments
SECURITY_HEADERS = ["Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy"]


def _load_stack():
    """deploy/nginx_proxy.py, which the checks import as a script's sibling (it imports `stack`)."""
    if str(DEPLOY) not in sys.path:
        sys.path.insert(0, str(DEPLOY))
    return importlib.import_module("nginx_proxy")


def _nginx_blocks():
    """Each `location ... {}` block, by its header, with the directives before any nested block."""
    pattern = r'(location\s+(?:~\*?\s+"[^"]*"|[^{"]+?))\s*\{([^}]*)\}'
    return {m.group(1).strip(): m.group(2) for m in re.finditer(pattern, DIRECTIVES)}


# ------------------------------------------------------------------------------------------------ nginx


def test_nginx_has_no_public_media_location():
    # Hazard photos are served only by the portal, after its access check (/hazards/photos/<id>/).
    assert not re.search(r"location[^{]*/media", DIRECTIVES)
    assert not re.search(r"^\s*(alias|root)\s+\S*media", DIRECTIVES, flags=re.MULTILINE)
    assert "location /media" not in NGINX


def test_nginx_sends_the_security_headers_on_every_response():
    for header in SECURITY_HEADERS:
        assert re.search(rf'^    add_header {header} "[^"]+" always;$', NGINX, flags=re.MULTILINE), header
    assert 'Strict-Transport-Security "max-age=31536000; includeSubDomains" always' in NGINX
    # A location with its own add_header loses the server's: it must repeat them all.
    for header, body in _nginx_blocks().items():
        if "add_header" in body:
            for name in SECURITY_HEADERS:
                assert f"add_header {name} " in body, f"{header} drops {name}"


def test_nginx_terminates_tls_and_redirects_plain_http():
    assert "listen 443 ssl http2;" in NGINX
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in NGINX
    assert "return 301 https://$host$request_uri;" in NGINX


def test_nginx_passes_what_the_portal_needs_to_the_app():
    proxied = _nginx_blocks()["location /"]
    assert "proxy_pass http://anjian_web;" in proxied
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxied
    assert "proxy_set_header X-Request-ID $request_id;" in proxied
    assert "proxy_set_header Host $http_host;" in proxied
    assert re.search(r"proxy_read_timeout \d+s;", proxied)
    assert re.search(r"proxy_connect_timeout \d+s;", proxied)
    assert "client_max_body_size 12m;" in NGINX


def test_nginx_serves_static_files_with_a_long_cache_and_healthz_to_monitoring_only():
    blocks = _nginx_blocks()
    hashed = next(body for header, body in blocks.items() if header.startswith("location ~") and "static" in header)
    assert "alias /srv/anjian/static/" in hashed
    assert 'Cache-Control "public, max-age=31536000, immutable"' in hashed
    healthz = blocks["location = /healthz"]
    assert "proxy_pass http://anjian_web;" in healthz and "deny all;" in healthz
    # Monitoring asks by address; the portal answers only to its own name (ALLOWED_HOSTS).
    assert "proxy_set_header Host $server_name;" in healthz


@pytest.mark.skipif(not shutil.which("nginx") or not shutil.which("openssl"), reason="nginx or openssl not installed")
def test_nginx_accepts_the_config(tmp_path):
    stack = _load_stack()
    cert, key = stack.make_certificate(tmp_path)
    (tmp_path / "logs").mkdir()
    (tmp_path / "static").mkdir()
    (tmp_path / "nginx-temp").mkdir()
    site = tmp_path / "anjian.conf"
    site.write_text(
        stack.nginx_site(
            NGINX,
            upstreams=["127.0.0.1:18701"],
            http_port=18780,
            https_port=18743,
            static_root=tmp_path / "static",
            cert=cert,
            key=key,
            log_dir=tmp_path / "logs",
        )
    )
    main = tmp_path / "nginx.conf"
    binary = shutil.which("nginx")
    main.write_text(stack.nginx_main_config(site_path=site, work_dir=tmp_path, binary=binary))

    result = subprocess.run([binary, "-t", "-p", tmp_path, "-c", main], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr


# ---------------------------------------------------------------------------------------------- systemd


def _unit(name):
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize("name", ["anjian-web.service", "anjian-worker.service", "anjian-beat.service"])
def test_each_unit_runs_as_its_own_user_from_the_env_file_hardened(name):
    service = _unit(name)["Service"]

    assert service["EnvironmentFile"] == "/etc/anjian/anjian.env"
    assert service["User"] == "anjian" and service["Group"] == "anjian"
    assert service["WorkingDirectory"] == "/srv/anjian/app"
    assert service["Restart"] == "on-failure"
    assert service["NoNewPrivileges"] == "yes"
    assert service["ProtectSystem"] == "strict"
    assert service["PrivateTmp"] == "yes"
    assert service["StateDirectory"] == "anjian"
    assert _unit(name)["Install"]["WantedBy"] == "multi-user.target"


def test_the_units_start_gunicorn_the_worker_and_beat():
    web = _unit("anjian-web.service")["Service"]["ExecStart"].split()
    worker = _unit("anjian-worker.service")["Service"]["ExecStart"].split()
    beat = _unit("anjian-beat.service")["Service"]["ExecStart"].split()

    assert web[:3] == ["/srv/anjian/app/.venv/bin/gunicorn", "--config", "/srv/anjian/app/deploy/gunicorn.conf.py"]
    assert worker[:4] == ["/srv/anjian/app/.venv/bin/celery", "--app", "bureau", "worker"]
    assert beat[:4] == ["/srv/anjian/app/.venv/bin/celery", "--app", "bureau", "beat"]
    # The code directory is read-only to the service: beat keeps its state in the state directory.
    assert beat[beat.index("--schedule") + 1].startswith("/var/lib/anjian/")
    assert (ROOT / "deploy" / "gunicorn.conf.py").exists()


# --------------------------------------------------------------------------------------------- gunicorn


def _gunicorn_settings(monkeypatch, **env):
    for name in [n for n in os.environ if n.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_config_reads_workers_and_bind_from_the_environment(monkeypatch):
    settings = _gunicorn_settings(monkeypatch, GUNICORN_WORKERS="3", GUNICORN_BIND="127.0.0.1:18601")

    assert settings["workers"] == 3
    assert settings["bind"] == ["127.0.0.1:18601"]
    assert settings["wsgi_app"] == "bureau.wsgi:application"
    assert settings["max_requests"] > 0 and 0 < settings["max_requests_jitter"] < settings["max_requests"]
    assert settings["timeout"] >= 30
    assert "%({x-request-id}o)s" in settings["access_log_format"]


def test_gunicorn_config_defaults_to_loopback_and_refuses_a_bad_number(monkeypatch):
    assert _gunicorn_settings(monkeypatch)["bind"] == ["127.0.0.1:8001"]

    with pytest.raises(RuntimeError, match="GUNICORN_WORKERS"):
        _gunicorn_settings(monkeypatch, GUNICORN_WORKERS="three")


def test_gunicorn_accepts_the_config_and_loads_the_portal():
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUNICORN_")}
    result = subprocess.run(
        [str(Path(sys.executable).parent / "gunicorn"), "--check-config", "--config", str(DEPLOY / "gunicorn.conf.py")],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_config_does_not_import_the_portal():
    # A module the master imported would stay old in every worker forked after `systemctl reload`.
    code = f"import runpy, sys; runpy.run_path({str(DEPLOY / 'gunicorn.conf.py')!r}); print('bureau' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], cwd="/", capture_output=True, text=True)

    assert result.stdout.strip() == "False", result.stderr


def test_nginxs_own_error_pages_are_in_chinese_and_collected_with_the_static_files():
    pages = dict(re.findall(r"error_page ([\d ]+) /static/(\S+);", NGINX))
    assert set(" ".join(pages).split()) == {"413", "502", "504"}
    for name in pages.values():
        page = (ROOT / "static" / name).read_text(encoding="utf-8")
        assert 'lang="zh-Hans"' in page and "<script" not in page, name
    assert "12 MB" in (ROOT / "static" / pages["413"]).read_text(encoding="utf-8")
