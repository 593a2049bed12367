"""Summary rows: operating enterprises by (town, grade, day last inspected), kept in `LastInspectedCount` by database
triggers, so that the due list's counts by town are sums over rows instead of a count of every due enterprise.

Due depends on today, so it is no row of EnterpriseCount (enterprises/summary.py); but for each grade it is a range
of days last inspected (before the grade's cutoff, never inspected counted as the earliest day), and the rows are
at most towns × grades × days inspected, whatever the number of enterprises. Counting the enterprises instead read
every due one: at province scale (about 930,000 never inspected) 45 ms a request.

One rule, on the enterprises themselves (as the registry's counts): each statement's rows that are not closed count
under their town, grade and day last inspected; an inspection recorded, a regrade, a closing or a move changes rows.
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q, Sum, Value
from django.db.models.functions import Coalesce

from bureau import summary_rows
from enterprises.due import due_branches
from enterprises.models import Enterprise, EnterpriseStatus, LastInspectedCount

SOURCE = "enterprises_enterprise"
KEY = ["town_key", "grade", "last_inspected_on"]
COUNTS = summary_rows.Summary("enterprises_lastinspectedcount", tuple(KEY))
# The day a never-inspected enterprise counts under: before every grade's cutoff, so it is due whatever its grade.
NEVER_INSPECTED = date(1, 1, 1)


def _rows(rows, d):
    return COUNTS.select(
        ["COALESCE(r.town_id, 0)", "r.grade", f"COALESCE(r.last_inspected_on, '{NEVER_INSPECTED.isoformat()}')"],
        d,
        f"{rows} AS r",
        f"r.status <> '{EnterpriseStatus.CLOSED}'",
    )


COLUMNS = ("town_id", "grade", "status", "last_inspected_on")
RULE = summary_rows.Rule(
    summary=COUNTS,
    name="enterprises_inspected",
    source=SOURCE,
    columns=COLUMNS,
    delta=summary_rows.row_deltas(_rows),
    update_of=COLUMNS,
)


def install_triggers(schema_editor=None):
    summary_rows.install_triggers(schema_editor.connection if schema_editor else connection, [RULE])


def uninstall_triggers(schema_editor=None):
    summary_rows.uninstall_triggers(schema_editor.connection if schema_editor else connection, [RULE])


def fresh_counts():
    """{key tuple: n} counted over the operating enterprises themselves."""
    rows = (
        Enterprise.objects.exclude(status=EnterpriseStatus.CLOSED)
        .order_by()
        .annotate(town_key=Coalesce("town_id", 0), day=Coalesce("last_inspected_on", Value(NEVER_INSPECTED)))
        .values_list("town_key", "grade", "day")
        .annotate(n=Count("pk"))
    )
    return summary_rows.by_key(rows)


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return summary_rows.kept(LastInspectedCount, KEY)


def drift():
    return summary_rows.drift(kept_counts(), fresh_counts())


def rebuild_with(conn):
    """Recompute every row from the enterprises (also what the migration runs), the enterprises locked meanwhile."""
    summary_rows.rebuild_with(conn, COUNTS, _rows(SOURCE, 1), locked=[SOURCE])


def rebuild():
    """Recompute every row in one transaction; returns the number of operating enterprises counted."""
    with transaction.atomic():
        rebuild_with(connection)
        return LastInspectedCount.objects.aggregate(n=Sum("n", default=0))["n"]


# Reading ------------------------------------------------------------------------------------------------------------
# The due list's filters the rows answer (in_registry: the list leaves closed enterprises out anyway).
ANSWERED_FILTERS = {"town", "grade", "in_registry"}


def due_counts(filters, today, days_by_grade):
    """{town pk or None: n} of the operating enterprises due on `today` (enterprises.due.due_filter), in the whole
    registry narrowed by `filters` (only names of ANSWERED_FILTERS): one query over the rows. The due list's ranges
    (due_branches) read the rows' columns of the same names; a never-inspected row's day is before every cutoff."""
    due = Q()
    for branch, _ in due_branches(today, days_by_grade):
        due |= branch
    rows = LastInspectedCount.objects.order_by().filter(due)
    if town := filters.get("town"):
        rows = rows.filter(town_key=town.pk)
    if grade := filters.get("grade"):
        rows = rows.filter(grade="" if grade == "none" else grade)
    counts = rows.values_list("town_key").annotate(total=Sum("n")).filter(total__gt=0)
    return {town_key or None: total for town_key, total in counts}
