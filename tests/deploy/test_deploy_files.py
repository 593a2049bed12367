"""The files an IT person copies onto the server: nginx site, systemd units, gunicorn settings."""

import configparser
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = (DEPLOY / "nginx" / "anjian.conf").read_text()
DIRECTIVES = re.sub(r"#.*", "", NGINX)  # the config without its comments


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


def test_nginx_what_loopback_cannot_show(monkeypatch):
    # The rest of the site is checked by what nginx does with it: tests/deploy/test_nginx_site.py.
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in NGINX  # today's clients refuse older versions themselves
    healthz = _nginx_blocks()["location = /healthz"]
    assert "allow 127.0.0.1;" in healthz and "deny all;" in healthz  # the tests ask from 127.0.0.1 only
    proxied = _nginx_blocks()["location /"]
    # Above gunicorn's timeout: gunicorn gives up first and says why.
    read_timeout = int(re.search(r"proxy_read_timeout (\d+)s;", proxied).group(1))
    assert read_timeout > _gunicorn_settings(monkeypatch)["timeout"]
    assert re.search(r"proxy_connect_timeout \d+s;", proxied)


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
