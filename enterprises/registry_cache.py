"""The enterprise list's body, kept in the shared cache until the registry changes.

At city scale the list counts 20,000 enterprises by grade on every request and renders 50 rows and the filter
form; the bench showed it at 7 % of a bare view's throughput. Its body depends only on the registry (enterprises,
their categories and major hazard sources, the grid and the reference lists), on who is looking (their scope and
role) and on the query string. So it is kept under a *registry version*: any write to those records replaces the
version, and every body cached under the old one is never read again.

The version is replaced when a write happens and again after its transaction commits: the first keeps a reader
from serving the old body once the write is visible to it, the second covers a reader that cached a body computed
just before the commit. ORM saves and deletes are caught by signals (connected in `EnterprisesConfig.ready`);
code that writes with `.update()` or bulk inserts calls `registry_changed()` itself. A body is kept at most
`TIMEOUT` seconds whatever happens, and when the cache (Redis) is down the list is computed on each request.
With a read replica, a body read from it is kept only under a version old enough for the replica to have replayed
the write that made it (bureau/cache_versions.py says why and how).

The filter form is kept apart, under a *reference version* that only writes to its choices replace (the towns, i.e.
the grid, and the special categories): an enterprise's write replaces the body but not the form, so the first list
after it (and every list while the body cache is off, REGISTRY_LIST_CACHE=0) counts and reads its rows afresh and
takes the form, a third of that work, from the cache.
"""

import hashlib
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.safestring import mark_safe

from bureau import cache_versions
from bureau.figures import figures_changed

log = logging.getLogger(__name__)

VERSION_KEY = "enterprises:registry-version"
REFERENCE_KEY = "enterprises:reference-version"
TIMEOUT = 300


def _cache():
    return caches["default"]


def registry_changed():
    """Call after writing enterprises (or what their list shows) without the ORM's save/delete."""
    figures_changed()  # the figures count the same records
    _new_version()
    transaction.on_commit(_new_version)


def reference_changed():
    """Call after writing the towns or special categories (the filter form's choices) without the ORM's save/delete;
    registry_changed() too, as the list shows them."""
    registry_changed()
    _new_reference_version()
    transaction.on_commit(_new_reference_version)


def _new_version():
    cache_versions.replace(VERSION_KEY)  # with the cache down this only logs: bodies expire after TIMEOUT anyway


def _new_reference_version():
    cache_versions.replace(REFERENCE_KEY)


def cached_body(request, scope, known_params, build):
    """`build()`'s HTML for this request, from the cache when the registry has not changed since it was built.

    `scope` names what the user may see and do (see permissions.registry_scope); a query string with a parameter
    outside `known_params` is built afresh each time rather than filling the cache with one body per stray value.
    """
    if not settings.REGISTRY_LIST_CACHE:
        return build()
    return _cached(VERSION_KEY, "list", request, scope, known_params, build)


def cached_filter_form(request, scope, known_params, build, unkeyed=()):
    """`build()`'s HTML (the list's filter form) for this request, from the cache when neither the towns nor the
    special categories have changed since it was built; `scope` and `known_params` as for cached_body. Parameters in
    `unkeyed` (the page's cursors) do not change the form: every page of a list shares one."""
    return _cached(REFERENCE_KEY, "filter-form", request, scope, known_params, build, unkeyed)


def _cached(version_key, kind, request, scope, known_params, build, unkeyed=()):
    if not set(request.GET) <= set(known_params):
        return build()
    try:
        version = cache_versions.current(version_key)
    except Exception:
        log.warning("enterprise list built without the cache: cache unavailable", exc_info=True)
        return build()
    query = urlencode(sorted((k, v) for k, values in request.GET.lists() if k not in unkeyed for v in values))
    digest = hashlib.sha256(f"{scope}|{query}".encode()).hexdigest()
    key = f"enterprises:{kind}:{version}:{digest}"
    try:
        body = _cache().get(key)
    except Exception:
        body = None
    if body is not None:
        return mark_safe(body)  # our own HTML, rendered (and escaped) by build() when it was cached
    keep = cache_versions.may_keep(version)  # asked before build() reads
    body = build()
    if keep:
        try:
            _cache().set(key, str(body), TIMEOUT)
        except Exception:
            log.warning("enterprise list not cached: cache unavailable", exc_info=True)
    return body


def connect_signals():
    """Every ORM write to what the list shows replaces the version (bulk writers call registry_changed())."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from enterprises.models import Enterprise, MajorHazardSource, SpecialCategory
    from grids.models import GridCell
    from grids.signals import cells_loaded

    def changed(sender, **kwargs):
        registry_changed()

    def reference(sender, **kwargs):
        reference_changed()

    for model, handler in (
        (Enterprise, changed),
        (MajorHazardSource, changed),
        (SpecialCategory, reference),
        (GridCell, reference),
    ):
        post_save.connect(handler, sender=model, weak=False, dispatch_uid=f"registry-save-{model.__name__}")
        post_delete.connect(handler, sender=model, weak=False, dispatch_uid=f"registry-delete-{model.__name__}")
    m2m_changed.connect(
        changed, sender=Enterprise.special_categories.through, weak=False, dispatch_uid="registry-categories"
    )
    cells_loaded.connect(reference, weak=False, dispatch_uid="registry-grid-loaded")
