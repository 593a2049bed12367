"""Health of the parts the portal needs, for the proxy and for monitoring."""

from django.conf import settings
from django.db import connection


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _redis():
    import redis

    redis.Redis.from_url(settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1).ping()


def _workers():
    from bureau.celery import app

    replies = app.control.ping(timeout=0.5)
    if not replies:
        raise RuntimeError("no worker answered")
    return len(replies)


def _check(func, required):
    try:
        detail = func()
    except Exception as exc:  # a health check reports every failure, whatever it is
        return {"ok": False, "required": required, "detail": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "required": required, "detail": detail}


def run_checks():
    checks = {"database": _check(_database, required=True)}
    if settings.REDIS_URL:
        checks["redis"] = _check(_redis, required=True)
        # Workers may be restarting; a missing worker is reported, not fatal to the web tier.
        checks["workers"] = _check(_workers, required=False)
    else:
        checks["workers"] = {"ok": True, "required": False, "detail": "tasks run in-process (no REDIS_URL)"}
    return checks
