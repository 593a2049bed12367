"""Decides, before Django starts, which real services this test run uses.

PostgreSQL, Redis and Chromium are used when they answer; the accessibility
checks (tests/a11y) also need node_modules (axe-core and the Nu checker, from
`make install`'s `npm ci`) and Java to run the Nu checker. On a laptop without
one of them the run falls back (SQLite) or skips (worker, browser, a11y tests)
and says so loudly at the start and in the summary. Under CI=true a missing one
is an error: CI never falls back.
"""

import os
import shutil
from pathlib import Path

import pytest

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/bureau"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"

available = {"postgres": False, "redis": False, "chromium": False, "axe": False, "java": False}
fallbacks = []


def _postgres_answers(url):
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config.get("HOST") or None,
            port=config.get("PORT") or None,
            user=config.get("USER") or None,
            password=config.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError:
        return False
    return True


def _redis_answers(url):
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping())
    except (redis.RedisError, OSError):
        return False


def _decide():
    in_ci = os.environ.get("CI", "").lower() == "true"
    database_url = os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    redis_url = os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    missing = []

    if database_url.startswith("postgres") and _postgres_answers(database_url):
        available["postgres"] = True
    else:
        missing.append(f"PostgreSQL ({database_url})")
        os.environ["DATABASE_URL"] = "sqlite:///" + os.path.abspath(".pytest-fallback.sqlite3")
        fallbacks.append(f"PostgreSQL 不可用（{database_url}）：改用 SQLite 运行测试。")

    if _redis_answers(redis_url):
        available["redis"] = True
    else:
        missing.append(f"Redis ({redis_url})")
        del os.environ["REDIS_URL"]
        fallbacks.append(f"Redis 不可用（{redis_url}）：任务在进程内执行，跳过 Celery worker 测试。")

    if os.path.exists(CHROMIUM) or shutil.which(CHROMIUM):
        available["chromium"] = True
    else:
        missing.append(f"Chromium ({CHROMIUM})")
        fallbacks.append(f"找不到 Chromium（{CHROMIUM}）：跳过浏览器测试。")

    if AXE_SCRIPT.exists() and VNU_JAR.exists():
        available["axe"] = True
    else:
        missing.append(f"node_modules ({AXE_SCRIPT.parent.parent}; run make install, which runs npm ci)")
        fallbacks.append("找不到 node_modules 中的 axe-core 与 vnu-jar（make install 执行 npm ci）：跳过无障碍测试。")

    if shutil.which("java"):
        available["java"] = True
    else:
        missing.append("Java (java, for the Nu HTML checker)")
        fallbacks.append("找不到 java：跳过 Nu HTML 校验（tests/a11y）。")

    if in_ci and missing:
        raise pytest.UsageError("CI=true but these are missing (CI never falls back): " + ", ".join(missing))


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # Tests load the development settings; pytest-django turns DEBUG off while they run.
    os.environ.setdefault("DEBUG", "1")
    os.environ["STATIC_MANIFEST"] = "0"
    # Playwright's sync API runs an event loop in the test thread; the ORM calls there are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _decide()


def pytest_report_header(config):
    lines = [
        "services: PostgreSQL={postgres} Redis={redis} Chromium={chromium} axe/vnu={axe} Java={java}".format(
            **{k: "yes" if v else "NO" for k, v in available.items()}
        )
    ]
    lines += [f"!!! FALLBACK: {note}" for note in fallbacks]
    return lines


def _run_slow():
    """Slow tests (whole-schema migrations back and forth, about a minute) run in CI and with RUN_SLOW=1."""
    return any(os.environ.get(name, "").lower() in ("1", "true") for name in ("CI", "RUN_SLOW"))


def pytest_collection_modifyitems(config, items):
    skip_worker = pytest.mark.skip(reason="Redis 不可用：跳过 Celery worker 测试")
    skip_browser = pytest.mark.skip(reason="找不到 Chromium：跳过浏览器测试")
    skip_slow = pytest.mark.skip(reason="慢测试只在 CI 中运行（RUN_SLOW=1 可在本机运行）")
    skip_a11y = pytest.mark.skip(reason="找不到 node_modules（npm ci）：跳过无障碍测试")
    skip_java = pytest.mark.skip(reason="找不到 java：跳过 Nu HTML 校验")
    for item in items:
        if "slow" in item.keywords and not _run_slow():
            item.add_marker(skip_slow)
        if "worker" in item.keywords and not available["redis"]:
            item.add_marker(skip_worker)
        if "browser" in item.keywords and not available["chromium"]:
            item.add_marker(skip_browser)
        if "a11y" in item.keywords and not available["axe"]:
            item.add_marker(skip_a11y)
        if "java" in item.keywords and not available["java"]:
            item.add_marker(skip_java)


def pytest_terminal_summary(terminalreporter):
    if fallbacks:
        terminalreporter.section("FALLBACKS: this run did not use every real service", sep="!")
        for note in fallbacks:
            terminalreporter.write_line(f"!!! {note}")
