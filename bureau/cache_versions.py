"""Versions of the caches that every write replaces (the registry list's body, the kept figures), and the one rule
for keeping in them what was read from a replica.

A cache keyed by a version is never stale once the version is replaced: bodies cached under the old one are never
read again. Writers replace it when they write and again after their transaction commits. A version carries the
time it was made, for the rule below.

A read from the replica (bureau/db_router.py) may come in the moment between a commit on the primary and the
replica replaying it. Such a read can get the version replaced by that commit and the data from before it: kept,
that old body would be served under the new version to everyone, the writer included, until the next write. So a
value computed while reads go to the replica is kept only under a version older than REPLICA_PIN_SECONDS (which
must exceed the replica's lag, as it must for read-your-writes); until then it is served but not kept, and the
cache is filled by reads on the primary (the writer's own, pinned there) or once the version has aged. Without a
replica every read is on the primary and every value is kept, as before.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import caches

from bureau.db_router import reads_may_lag

log = logging.getLogger(__name__)


def _cache():
    return caches["default"]


def _made_now():
    return f"{time.time():.6f}-{uuid.uuid4().hex}"


def replace(key):
    """Give `key` a new version now; when the cache is down, say so (whatever it keeps expires in time anyway)."""
    try:
        _cache().set(key, _made_now(), None)
    except Exception:
        log.warning("%s not replaced: cache unavailable", key, exc_info=True)


def current(key):
    """The version under `key`, made now if there is none (a new or emptied cache). Raises when the cache is down."""
    cache = _cache()
    version = cache.get(key)
    if version is None:
        cache.add(key, _made_now(), None)
        version = cache.get(key)
    return version


def age(version):
    """Seconds since `version` was made (infinite for a version of before versions carried their time)."""
    made, dash, _ = str(version).partition("-")
    try:
        return time.time() - float(made) if dash else float("inf")
    except ValueError:
        return float("inf")


def may_keep(version):
    """Whether a value computed from now on may be kept under `version`: yes unless it is read from a replica that
    may not have replayed the write that made the version yet. Ask before computing the value."""
    return not reads_may_lag() or age(version) >= settings.REPLICA_PIN_SECONDS
