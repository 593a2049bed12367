"""Summary rows: every major hazard's finding and closing by day, kept in `MajorHazardDayCount` by database triggers,
so that the major hazards board's 12-month trend (hazards.listing_board) is summed from a few rows a day for the
bureau, instead of reading every major hazard the registry has ever had — the one part of a key page that still grew
with the registry (docs/scaling.md).

Each major hazard counts in one row as found (event "found", day = its day found) and, once closed, in one row as
closed (event "closed", day = the day of its closing in the portal's time zone). A closed row also carries
`settled_on`, the later of the two days: the first day at whose end the hazard had been both found and closed. So
the trend's three figures (hazards.listing_figures) are sums of rows:

- found in a period (发现日期在时段内): found rows whose day is in it;
- closed in a period (销号时间在时段内): closed rows whose day is in it;
- open at a day's end E (found by E, not closed by E): found rows with day ≤ E, less closed rows with settled_on ≤ E
  (a hazard closed by E counts against the found only if it was found by E too: settled_on ≤ E says both).

Rows are bounded by the days, not by the hazards: a normal closing (found before it closed) has settled_on = its own
day, so one row a day for each event; only a hazard whose day found was corrected to after its closing keeps a
(day closed, day found) pair of its own.

Nothing here depends on the enterprise (no town, no industry): one rule on the hazards keeps the rows, with no lock
on the enterprises. A grid officer's trend, whose scope the rows do not know, counts the hazards as before.
"""

from functools import lru_cache

from django.db import connection, connections, router, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from bureau import summary_rows
from hazards.choices import HazardLevel
from hazards.count_models import MajorHazardDayCount
from hazards.models import Hazard
from hazards.summary import SOURCE

FOUND, CLOSED = "found", "closed"
KEY = ["event", "day", "settled_on"]
COUNTS = summary_rows.Summary("hazards_majorhazarddaycount", tuple(KEY))
MAJOR = f"h.level = '{HazardLevel.MAJOR.value}'"


def _closed_day(conn):
    """SQL of the day a hazard (aliased h) was closed, in the portal's time zone: Django's own cast for the vendor,
    its parameters (the zones' names, from settings) written in, as a trigger's body takes none."""
    sql, params = conn.ops.datetime_cast_date_sql("h.closed_at", (), timezone.get_current_timezone_name())
    quoted = tuple("'" + str(param).replace("'", "''") + "'" for param in params)
    return sql % quoted


def _rows_with(conn):
    def rows(relation, d):
        """The (event, day, settled_on, d) rows of the written hazards in `relation`: found, and closed if closed."""
        closed = _closed_day(conn)
        settled = f"CASE WHEN h.found_on > {closed} THEN h.found_on ELSE {closed} END"
        found_rows = COUNTS.select([f"'{FOUND}'", "h.found_on", "h.found_on"], d, f"{relation} AS h", MAJOR)
        closed_rows = COUNTS.select(
            [f"'{CLOSED}'", closed, settled], d, f"{relation} AS h", f"{MAJOR} AND h.closed_at IS NOT NULL"
        )
        return f"{found_rows} UNION ALL {closed_rows}"

    return rows


def rules(conn):
    return [
        summary_rows.Rule(
            summary=COUNTS,
            name="hazards_major_days",
            source=SOURCE,
            columns=("level", "found_on", "closed_at"),
            delta=summary_rows.row_deltas(_rows_with(conn)),
            update_of=("level", "found_on", "closed_at"),
        )
    ]


def _conn(schema_editor):
    return schema_editor.connection if schema_editor else connection


def install_triggers(schema_editor=None):
    conn = _conn(schema_editor)
    summary_rows.install_triggers(conn, rules(conn))


def uninstall_triggers(schema_editor=None):
    conn = _conn(schema_editor)
    summary_rows.uninstall_triggers(conn, rules(conn))


def fresh_counts():
    """{key tuple: n} counted over the major hazards themselves with the ORM (not by the triggers' SQL, so that it
    checks them): by day found and day closed, each group counted as found and, if closed, as closed."""
    groups = (
        Hazard.objects.filter(level=HazardLevel.MAJOR)
        .order_by()
        .values_list("found_on", "closed_at__date")
        .annotate(n=Count("pk"))
    )
    counts: dict = {}
    for found_on, closed_on, n in groups:
        keys = [(FOUND, found_on, found_on)]
        if closed_on is not None:
            keys.append((CLOSED, closed_on, max(found_on, closed_on)))
        for key in keys:
            counts[key] = counts.get(key, 0) + n
    return counts


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return summary_rows.kept(MajorHazardDayCount, KEY)


def drift():
    return summary_rows.drift(kept_counts(), fresh_counts())


def rebuild_with(conn):
    """Recompute every row from the hazards (also what the migration runs), the hazards locked."""
    summary_rows.rebuild_with(conn, COUNTS, _rows_with(conn)(SOURCE, 1), locked=[SOURCE])


def rebuild():
    """Recompute every row in one transaction; returns the number of major hazards counted."""
    with transaction.atomic():
        rebuild_with(connection)
        return MajorHazardDayCount.objects.filter(event=FOUND).aggregate(n=Sum("n", default=0))["n"]


# Reading ------------------------------------------------------------------------------------------------------------


# Per period: found in it, closed in it, found by its end, found and closed by its end.
SUMS = (
    f"event = '{FOUND}' AND day BETWEEN %s AND %s",
    f"event = '{CLOSED}' AND day BETWEEN %s AND %s",
    f"event = '{FOUND}' AND day <= %s",
    f"event = '{CLOSED}' AND settled_on <= %s",
)


@lru_cache
def _trend_sql(periods):
    """The one SELECT of the four sums of each of `periods` periods. Written once: as ORM expressions, 48 filtered
    sums took 9 ms to compile on every request and the query itself under 1 ms at city."""
    sums = ", ".join(f"COALESCE(SUM(n) FILTER (WHERE {where}), 0)" for _ in range(periods) for where in SUMS)
    return f"SELECT {sums} FROM {MajorHazardDayCount._meta.db_table}"


def trend_values(periods, found_key, closed_key, open_key):
    """{f"{figure key}:{i}": value} for each of `periods` (i its index), of every major hazard, in one query over the
    rows: found and closed in each period, and open at each period's end."""
    # Where the ORM would read it: the replica when the request may (bureau.db_router).
    conn = connections[router.db_for_read(MajorHazardDayCount)]
    day = conn.ops.adapt_datefield_value
    params = []
    for period in periods:  # in SUMS' order
        params += [day(period.start), day(period.end)] * 2 + [day(period.end)] * 2
    with conn.cursor() as cursor:
        cursor.execute(_trend_sql(len(periods)), params)
        row = cursor.fetchone()
    values = {}
    for i in range(len(periods)):
        found, closed, found_by, settled_by = row[i * len(SUMS) : (i + 1) * len(SUMS)]
        values |= {f"{found_key}:{i}": found, f"{closed_key}:{i}": closed, f"{open_key}:{i}": found_by - settled_by}
    return values
