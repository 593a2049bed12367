"""Reads on a PostgreSQL replica, when DATABASE_REPLICA_URL is set (settings add the `replica` alias, this router
and the middleware below; without it none of this is loaded).

A streaming replica is a moment behind the primary, so only reads that cannot be hurt by that go to it:

- reads of a GET or HEAD request (lists, pages, the dashboard, a streamed export) — unless the same browser wrote
  something in the last REPLICA_PIN_SECONDS: its reads all stay on the primary for that time, so a user sees their
  own write at once;
- never anything else: a POST's reads (its checks, the replay guard, the expected state must see the latest data),
  every write, every read inside a transaction on the primary, sessions and lockout records (a signed-out or locked
  session must end at once), and everything outside a request (Celery tasks read what the request that queued them
  had just committed; management commands; migrations, which run on the primary only).

"Wrote something" means a write that committed (watched on the primary's connection): a form refused by its
validation rolls back and does not pin. The pin is a signed cookie with its time, checked on the server, so a client
can neither forge nor prolong it. `replica_reads()` lets other code (a heavy report task) opt in outside a request.
"""

import contextlib
import contextvars

from django.conf import settings
from django.core import signing
from django.db import DEFAULT_DB_ALIAS, connections, transaction

REPLICA = "replica"
PIN_COOKIE = "wrote"
_PIN_SALT = "bureau.db_router.pin"
# Their reads decide who is signed in or locked out: always the primary's latest state.
PRIMARY_ONLY_APPS = frozenset({"sessions", "axes"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The first word of a statement that changes data (Django's ORM and our raw SQL; SELECT ... FOR UPDATE only locks).
_WRITE_WORDS = ("insert", "update", "delete", "merge", "copy", "truncate", "create", "alter", "drop")

_replica_allowed = contextvars.ContextVar("replica_allowed", default=False)


class ReplicaRouter:
    """Reads to the replica where allowed (see the module), everything else and every migration to the primary."""

    def db_for_read(self, model, **hints):
        if model._meta.app_label not in PRIMARY_ONLY_APPS and reads_may_lag():
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: an object read from one may point to one read from the other.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def reads_may_lag():
    """True when the reads made now go to the replica (those of PRIMARY_ONLY_APPS aside), so may miss the latest
    commits: allowed here, outside a transaction, a replica configured. The caches ask it (bureau/cache_versions)."""
    return (
        _replica_allowed.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block and REPLICA in connections.settings
    )


@contextlib.contextmanager
def replica_reads(allowed=True):
    """Within the block, reads outside a transaction go to the replica (or, with allowed=False, do not)."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def _on_replica(chunks):
    with replica_reads():
        yield from chunks


def _is_write(sql):
    return sql.lstrip()[:8].lower().startswith(_WRITE_WORDS)


class _Writes:
    """Whether this request committed a write on the primary; installed as an execute wrapper for the request."""

    def __init__(self):
        self.committed = False

    def _mark(self):
        self.committed = True

    def __call__(self, execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if _is_write(sql):
            # Inside a transaction it counts once that commits; a rolled-back one (a refused form) changed nothing.
            transaction.on_commit(self._mark, using=DEFAULT_DB_ALIAS)
        return result


def pinned(request):
    """True when this browser committed a write less than REPLICA_PIN_SECONDS ago."""
    try:
        request.get_signed_cookie(PIN_COOKIE, salt=_PIN_SALT, max_age=settings.REPLICA_PIN_SECONDS)
    except (KeyError, signing.BadSignature):
        return False
    return True


class ReadYourWritesMiddleware:
    """Lets a request read from the replica when it may (a GET not pinned), and pins the browser after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        writes = _Writes()
        allowed = request.method in SAFE_METHODS and not pinned(request)
        with replica_reads(allowed), connections[DEFAULT_DB_ALIAS].execute_wrapper(writes):
            response = self.get_response(request)
        if allowed and response.streaming:
            # A streamed body (the registry's CSV export) is read after this returns: on the replica too.
            response.streaming_content = _on_replica(response.streaming_content)
        if writes.committed:
            response.set_signed_cookie(
                PIN_COOKIE,
                "1",
                salt=_PIN_SALT,
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
