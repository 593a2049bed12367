import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from bureau.env import env_bool, env_int, env_list, env_str

ROOT = Path(__file__).resolve().parents[2]


def test_env_helpers_read_typed_values(monkeypatch):
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")

    assert env_bool("X_BOOL") is True
    assert env_int("X_INT", 0) == 42
    assert env_list("X_LIST") == ["a.example", "b.example"]
    assert env_str("X_MISSING", "fallback") == "fallback"


@pytest.mark.parametrize(
    ("name", "value", "reader"),
    [("X_BOOL", "maybe", lambda: env_bool("X_BOOL")), ("X_INT", "4two", lambda: env_int("X_INT", 0))],
)
def test_env_helpers_fail_loudly_on_bad_values(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_required_env_is_required(monkeypatch):
    monkeypatch.delenv("X_REQUIRED", raising=False)

    with pytest.raises(ImproperlyConfigured, match="X_REQUIRED"):
        env_str("X_REQUIRED", required=True)


def run_manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "STATIC_MANIFEST", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="k7Qx-production-like-secret-9a8b7c6d5e4f3a2b1c0d-ZZqq-long-enough",
        ALLOWED_HOSTS="anjian.example.gov.cn",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret():
    result = run_manage("check", DEBUG="0")

    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_a_bad_redis_url_stops_start_up():
    result = run_manage("check", DEBUG="1", REDIS_URL="localhost:6379")

    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


REPLICA_SETTINGS = (
    "from django.conf import settings as s; import json; "
    "print(json.dumps([sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), "
    "[m for m in s.MIDDLEWARE if 'db_router' in m], s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'), "
    "s.DATABASES.get('replica', {}).get('PORT')]))"
)


def test_without_a_replica_url_there_is_one_database_and_no_router():
    result = run_manage(
        "shell",
        "-c",
        REPLICA_SETTINGS,
        DEBUG="1",
        DATABASE_URL="postgres://p@127.0.0.1:5432/a",
        DATABASE_REPLICA_URL="",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == '[["default"], [], [], null, null]'


def test_a_replica_url_adds_the_replica_the_router_and_read_your_writes():
    result = run_manage(
        "shell",
        "-c",
        REPLICA_SETTINGS,
        DEBUG="1",
        DATABASE_URL="postgres://p@127.0.0.1:5432/a",
        DATABASE_REPLICA_URL="postgres://p@127.0.0.1:15432/a",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        '[["default", "replica"], ["bureau.db_router.ReplicaRouter"], ["bureau.db_router.ReadYourWritesMiddleware"], '
        '"default", 15432]'
    )


def test_a_replica_of_sqlite_stops_start_up():
    result = run_manage("check", DEBUG="1", DATABASE_URL="", DATABASE_REPLICA_URL="postgres://p@127.0.0.1:15432/a")

    assert result.returncode != 0
    assert "DATABASE_REPLICA_URL" in result.stderr
