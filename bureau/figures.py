"""The figure registry: every figure the portal shows is defined here once, by the app that owns what it counts.

A figure says what it counts (a set of rows of one *source*, narrowed by its own condition), how it is measured (a
count, or a sum of one column), and the list whose filters select exactly that set. Pages never count for
themselves: they ask `count_figures` for keys, and each figure is shown as a link to its list carrying
`data-figure="<key>" data-value="<shown value>"`; the list shows the same value as `data-total`. A test walks every
figure shown, for every role and two periods, and checks the two agree.

Figures of one source are counted together in one aggregate query, so a page's queries grow with its number of
sources, never with the number of rows or figures. The kernel imports no app: each app registers its figures
from its AppConfig.ready().
"""

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from bureau import cache_versions
from bureau.fixed_urls import fixed_url

log = logging.getLogger(__name__)

# Whether a figure counts what happened in the chosen period, or the state of things today.
IN_PERIOD = "时段内"
AS_OF_TODAY = "截至今日"


@dataclass(frozen=True)
class Period:
    start: date
    end: date

    def params(self, after="date_after", before="date_before"):
        """The period as a list's date filters."""
        return {after: self.start.isoformat(), before: self.end.isoformat()}


def no_period() -> Period:
    """For current-state figures, whose lists take no dates."""
    today = timezone.localdate()
    return Period(today, today)


# A source: the rows a viewer may see of one model (their scope), for a period. Figures naming the same source
# function are counted in the same query.
Source = Callable[[object, Period], QuerySet]


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    basis: str  # 口径: what exactly is counted, in words; shown as the figure's note
    source: Source
    where: Callable[[Period], Q]  # narrows the source to the rows this figure counts
    list_name: str  # the URL name of the list that shows those rows
    list_params: Callable[[Period], dict]  # the list's filters that select exactly those rows
    span: str = IN_PERIOD
    sum_of: str | None = None  # a column to sum instead of counting rows
    show: Callable[[object], str] = str  # how the value is written, e.g. yuan as 万元
    # For figures a grid cell's panel may show: the lookup from the source's rows to their cell's path; the list
    # then takes the cell as `grid=<code>` (the lists' common filter). The same for every figure of a source.
    cell_path: str | None = None
    warning: bool = False  # a count that should be zero (overdue…): shown in red when it is not

    def queryset(self, viewer, period):
        """The rows this figure counts, for this viewer and period."""
        return self.source(viewer, period).filter(self.where(period))

    def url(self, period, cell=None):
        params = {k: v for k, v in self.list_params(period).items() if v not in (None, "")}
        if cell is not None:
            params["grid"] = cell.code
        path = fixed_url(self.list_name)
        return f"{path}?{urlencode(params)}" if params else path


@dataclass(frozen=True)
class Shown:
    """A figure with its value for one viewer and period: what a template prints."""

    figure: Figure
    value: object
    text: str
    url: str

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.figure, name)


REGISTRY: dict[str, Figure] = {}


def register(*figures: Figure):
    for figure in figures:
        known = REGISTRY.get(figure.key)
        # An app registry built again (as tests do) registers the same definitions again, with new lambdas.
        if known and (known.label, known.list_name, known.source.__qualname__) != (
            figure.label,
            figure.list_name,
            figure.source.__qualname__,
        ):
            raise ValueError(f"figure {figure.key!r} is defined twice")
        REGISTRY[figure.key] = figure


def get(key) -> Figure:
    return REGISTRY[key]


def count_values(keys, viewer, period=None, cell=None, within=None) -> dict:
    """The values of the figures named by `keys`, for `viewer` over `period` (and within a grid `cell`, for the
    figures that know where their rows lie): one query per source. `within`, a condition every one of these figures'
    own conditions implies (so it changes no value), becomes the query's WHERE: an index can then read only those
    rows, where the figures' FILTERs alone read every row of the source."""
    period = period or no_period()
    values = {}
    by_source: dict[Source, list[Figure]] = {}
    for key in keys:
        by_source.setdefault(REGISTRY[key].source, []).append(REGISTRY[key])
    for source, group in by_source.items():
        aggregates = {}
        for i, figure in enumerate(group):
            if figure.sum_of:
                aggregates[f"f{i}"] = Sum(figure.sum_of, filter=figure.where(period), default=0)
            else:
                aggregates[f"f{i}"] = Count("pk", filter=figure.where(period))
        rows = source(viewer, period)
        if cell is not None:
            if not group[0].cell_path:
                raise ValueError(f"figure {group[0].key!r} cannot be counted within a cell")
            rows = rows.filter(**{f"{group[0].cell_path}__startswith": cell.path})
        if within is not None:
            rows = rows.filter(within)
        row = rows.order_by().aggregate(**aggregates)
        values.update((figure.key, row[f"f{i}"]) for i, figure in enumerate(group))
    return values


def shown(keys, values, period=None, cell=None) -> list[Shown]:
    period = period or no_period()
    figures = [REGISTRY[key] for key in keys]
    return [Shown(f, values[f.key], f.show(values[f.key]), f.url(period, cell)) for f in figures]


def count_figures(keys, viewer, period=None, cell=None, within=None) -> list[Shown]:
    return shown(keys, count_values(keys, viewer, period, cell, within), period, cell)


# Kept values --------------------------------------------------------------------------------------------------------
# Whole-city figures cost ~200 ms at city scale, so a page may keep their values in the shared cache, under a
# *version* that every write to the counted apps replaces (signals, connected by connect_signals()); a value is
# never older than the last write it depends on. Writers that bypass the ORM's signals (.update(), bulk inserts)
# call figures_changed() themselves. With a read replica, values counted on it are kept only under a version old
# enough for the replica to have replayed the write that made it (bureau/cache_versions.py).

VERSION_KEY = "figures:version"
KEPT_SECONDS = 600


def _cache():
    return caches["default"]


def _new_version():
    # With the cache down this only logs: kept_values reads nothing then either, and counts afresh.
    cache_versions.replace(VERSION_KEY)


def figures_changed():
    """Replace the version now (no reader serves an old value once the write is visible to it) and again after the
    commit (a reader who counted just before the commit kept its value under the version replaced first)."""
    _new_version()
    transaction.on_commit(_new_version)


def kept_values(scope, period, keys, count):
    """`count()`'s values of `keys` for a scope (who is looking, as far as it changes what they see) and period, from
    the cache while nothing was written since they were counted."""
    try:
        version = cache_versions.current(VERSION_KEY)
        digest = hashlib.sha256(repr((scope, period, sorted(keys))).encode()).hexdigest()
        key = f"figures:{version}:{digest}"
        values = _cache().get(key)
    except Exception:
        log.warning("figures counted without the cache: cache unavailable", exc_info=True)
        return count()
    if values is None:
        keep = cache_versions.may_keep(version)  # asked before count() reads
        values = count()
        if keep:
            try:
                _cache().set(key, values, KEPT_SECONDS)
            except Exception:
                log.warning("figures not kept: cache unavailable", exc_info=True)
    return values


def connect_signals(app_labels):
    """Every ORM write to a model of `app_labels` (history rows aside) replaces the version. Connected model by
    model, not for every sender: a receiver for all models would keep Django from deleting an auto-created link
    table's rows in one statement (a queryset's fast delete), and those deletes already call figures_changed()
    through the code that makes them (m2m_changed, or the registry's bulk writers)."""

    def changed(sender, **kwargs):
        figures_changed()

    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in app_labels or meta.auto_created or meta.model_name.startswith("historical"):
            continue
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"figures-save-{meta.label_lower}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"figures-delete-{meta.label_lower}")
    m2m_changed.connect(changed, weak=False, dispatch_uid="figures-m2m")
