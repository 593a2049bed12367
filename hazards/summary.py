"""Summary rows: the hazard list's counts by (town, status, level, source), kept in `HazardCount` by database
triggers instead of counted over every hazard on each request — as the registry's counts are (enterprises/summary.py;
both built by bureau/summary_rows.py).

Triggers, for the registry's reason: hazards are written by services, `.update()`, `bulk_create` in the demo seed,
data migrations, SQL by hand; a trigger sees all of them in the writer's own transaction.

A hazard's town is its enterprise's town, read at write time. Two rules keep that true:
- on the hazards, each statement's written rows are counted under their enterprise's current town;
- on the enterprises, a change of town moves the counts of the enterprise's hazards from the old town to the new one
  (and a deleted enterprise's, under a deferred foreign key, to town 0: a hazard whose enterprise is gone counts
  there, so deleting its hazards afterwards takes them from 0).
Race: a transaction moving an enterprise and another writing one of its hazards must not both read the town before
the other's commit. On PostgreSQL the hazards' rule locks the hazards' enterprises FOR SHARE before reading their
towns: it waits for a move in progress (and then reads the new town), and a move waits for it (and then sees the
hazard). READ COMMITTED, Django's default, is what makes the waiting side see the other's commit.

`rebuild()` recomputes every row (`manage.py rebuild_summaries`); `drift()` says where the rows and a fresh count
differ (the test, and the command's --check).
"""

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, Sum, Value
from django.db.models.functions import Coalesce

from bureau import summary_rows
from hazards.count_models import HazardCount
from hazards.models import OPEN_STATUSES, Hazard, HazardStatus, overdue_q
from hazards.self_checks import RECTIFIED_STATUSES

SOURCE = "hazards_hazard"
ENTERPRISES = "enterprises_enterprise"
KEY = ["town_key", "status", "level", "source"]
COUNTS = summary_rows.Summary("hazards_hazardcount", tuple(KEY))


def _lock_enterprises(old, new):
    ids = " UNION ".join(f"SELECT enterprise_id FROM {rows}" for rows in (old, new) if rows)
    return f"SELECT 1 FROM {ENTERPRISES} AS e WHERE e.id IN ({ids}) FOR SHARE OF e"


@dataclass(frozen=True)
class ByTown:
    """Hazards counted under their enterprise's town (and `of_enterprise`'s other columns of it) and `columns` of
    their own, those matching `where` (a condition on the hazard aliased h) only: the two rules that keep such rows,
    and the rows of every hazard for the rebuild. Shared by the summaries of hazards (this one,
    hazards/deadline_summary.py, hazards/major_summary.py)."""

    counts: summary_rows.Summary
    name: str  # the rules' names start with it
    columns: tuple[str, ...]
    where: str = ""
    where_reads: tuple[str, ...] = ()  # the hazard's columns `where` reads besides `columns`
    # The enterprise's columns in the key (first, in this order), each with its value for a hazard whose enterprise
    # has none or is gone.
    of_enterprise: tuple[tuple[str, str], ...] = (("town_id", "0"),)

    def _of(self, alias):
        return [f"COALESCE({alias}.{column}, {none})" for column, none in self.of_enterprise]

    def _select(self, enterprise, d, from_sql, *conditions):
        where = " AND ".join(f"({c})" for c in (*conditions, self.where) if c)
        return self.counts.select([*enterprise, *(f"h.{column}" for column in self.columns)], d, from_sql, where)

    def rows(self, rows, d):
        """The (key, d) rows of written hazards, each under its enterprise's town (0 when it has none or is gone)."""
        return self._select(self._of("e"), d, f"{rows} AS h LEFT JOIN {ENTERPRISES} AS e ON e.id = h.enterprise_id")

    def _hazards_of(self, enterprises, key, d, join="", where=""):
        """The (key, d) rows of the hazards of the `enterprises` (aliased o), counted under `key` (the enterprise's
        part of it)."""
        return self._select(key, d, f"{enterprises} AS o {join} JOIN {SOURCE} AS h ON h.enterprise_id = o.id", where)

    def _moved(self, old, new):
        join = f"JOIN {new} AS n ON n.id = o.id"
        moved = " OR ".join(f"{n} <> {o}" for n, o in zip(self._of("n"), self._of("o"), strict=True))
        return (
            f"{self._hazards_of(old, self._of('o'), -1, join, moved)} UNION ALL "
            f"{self._hazards_of(old, self._of('n'), 1, join, moved)}"
        )

    def _deleted(self, old, new):
        nones = [none for _, none in self.of_enterprise]
        gone = " OR ".join(f"{o} <> {none}" for o, none in zip(self._of("o"), nones, strict=True))
        return (
            f"{self._hazards_of(old, self._of('o'), -1, where=gone)} UNION ALL "
            f"{self._hazards_of(old, nones, 1, where=gone)}"
        )

    def rules(self):
        columns = ("enterprise_id", *self.columns, *self.where_reads)
        hazards = summary_rows.Rule(
            summary=self.counts,
            name=self.name,
            source=SOURCE,
            columns=columns,
            delta=summary_rows.row_deltas(self.rows),
            update_of=columns,
            pg_before=_lock_enterprises,
        )
        of_enterprise = tuple(column for column, _ in self.of_enterprise)
        # Named "_town" after the first of these rules, whose key had the town only.
        enterprises = summary_rows.Rule(
            summary=self.counts,
            name=f"{self.name}_town",
            source=ENTERPRISES,
            columns=("id", *of_enterprise),
            delta={"UPDATE": self._moved, "DELETE": self._deleted},
            update_of=of_enterprise,
        )
        return [hazards, enterprises]


BY_TOWN = ByTown(COUNTS, "hazards_count", ("status", "level", "source"))
RULES = BY_TOWN.rules()


def install_triggers(schema_editor=None):
    summary_rows.install_triggers(schema_editor.connection if schema_editor else connection, RULES)


def uninstall_triggers(schema_editor=None):
    summary_rows.uninstall_triggers(schema_editor.connection if schema_editor else connection, RULES)


def fresh_counts():
    """{key tuple: n} counted over the hazards themselves."""
    rows = (
        Hazard.objects.order_by()
        .annotate(town_key=Coalesce("enterprise__town_id", 0))
        .values_list(*KEY)
        .annotate(n=Count("pk"))
    )
    return summary_rows.by_key(rows)


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return summary_rows.kept(HazardCount, KEY)


def drift():
    return summary_rows.drift(kept_counts(), fresh_counts())


def rebuild_with(conn):
    """Recompute every row from the hazards (also what the migration runs), hazards and enterprises locked."""
    summary_rows.rebuild_with(conn, COUNTS, BY_TOWN.rows(SOURCE, 1), locked=[SOURCE, ENTERPRISES])


def rebuild():
    """Recompute every row in one transaction; returns the number of hazards counted."""
    with transaction.atomic():
        rebuild_with(connection)
        return HazardCount.objects.aggregate(n=Sum("n", default=0))["n"]


# Reading ------------------------------------------------------------------------------------------------------------
# The hazard list's filters the rows answer, by name; any other filter in use means counting the hazards.
ANSWERED_FILTERS = {"town", "status", "level", "source", "open", "rectified"}


def status_counts(filters, hazards, today):
    """The hazard list's counts by status and its overdue count (hazards.stats.status_counts' shape) for the whole
    registry narrowed by `filters` (the list form's cleaned data, only names of ANSWERED_FILTERS), in one query: the
    status counts summed from the rows, UNION ALL the overdue hazards of `hazards` (the same list, filtered) counted —
    overdue depends on today, so it is no row; the (status, rectification_deadline) index answers it."""
    rows = HazardCount.objects.order_by()
    if town := filters.get("town"):
        rows = rows.filter(town_key=town.pk)
    for name in ("status", "level", "source"):
        if value := filters.get(name):
            rows = rows.filter(**{name: value})
    if filters.get("open"):
        rows = rows.filter(status__in=OPEN_STATUSES)
    if filters.get("rectified"):
        rows = rows.filter(status__in=RECTIFIED_STATUSES)
    by_status = rows.values_list("status").annotate(total=Sum("n"))
    overdue = hazards.order_by().filter(overdue_q(today)).annotate(kind=Value("overdue")).values_list("kind")
    # COUNT(*), not of the ids: an index-only scan of (status, rectification_deadline) over the whole registry.
    counts = dict(by_status.union(overdue.annotate(total=Count("*")), all=True))
    return [(s.value, s.label, counts.get(s.value) or 0) for s in HazardStatus], counts.get("overdue") or 0
