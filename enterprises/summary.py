"""Summary rows: the registry's counts by (town, grade, status, key supervision, service mode), kept in
`EnterpriseCount` by database triggers instead of counted over every enterprise on each request.

Why triggers and not the service functions: the enterprise table is written by many hands — the services'
`save()`, `.update()` in the inspection service and the grid-cell move, `bulk_create`/`bulk_update` in the importer,
a dozen bulk steps of the demo seed, data migrations, the admin. A trigger is one place that sees all of them, in
the writer's own transaction (a rolled-back write rolls its count back), so no writer can forget. PostgreSQL gets
statement-level triggers with transition tables (one grouped upsert per statement: a bulk import of a million rows
costs one GROUP BY, not a million updates); SQLite (`make run`) gets the same counts from row-level triggers. Both
are built from the one rule below by bureau/summary_rows.py.

`rebuild()` recomputes every row from the enterprises (`manage.py rebuild_summaries`); `drift()` says where the rows
and a fresh count differ (the test, and the command's --check).
"""

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from bureau import summary_rows
from enterprises.models import Enterprise, EnterpriseCount, EnterpriseStatus
from enterprises.stats import GRADE_ORDER

SOURCE = "enterprises_enterprise"
KEY = ["town_key", "grade", "status", "key_supervision", "service_mode"]
COUNTS = summary_rows.Summary("enterprises_enterprisecount", tuple(KEY))
# The enterprise's columns giving the key, in KEY's order.
COLUMNS = ("town_id", "grade", "status", "key_supervision", "service_mode")


def _rows(rows, d):
    return COUNTS.select(
        ["COALESCE(r.town_id, 0)", "r.grade", "r.status", "r.key_supervision", "r.service_mode"], d, f"{rows} AS r"
    )


RULE = summary_rows.Rule(
    summary=COUNTS,
    name="enterprises_count",
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
    """{key tuple: n} counted over the enterprises themselves."""
    rows = (
        Enterprise.objects.order_by()
        .annotate(town_key=Coalesce("town_id", 0))
        .values_list(*KEY)
        .annotate(n=Count("pk"))
    )
    return summary_rows.by_key(rows)


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return summary_rows.kept(EnterpriseCount, KEY)


def drift():
    """{key: (kept, fresh)} where the summary rows and a fresh count differ; empty when they agree."""
    return summary_rows.drift(kept_counts(), fresh_counts())


def rebuild_with(conn):
    """Recompute every row from the enterprises (also what the migration runs), the enterprises locked meanwhile."""
    summary_rows.rebuild_with(conn, COUNTS, _rows(SOURCE, 1), locked=[SOURCE])


def rebuild():
    """Recompute every row in one transaction; returns the number of enterprises counted."""
    with transaction.atomic():
        rebuild_with(connection)
        return EnterpriseCount.objects.aggregate(n=Sum("n", default=0))["n"]


# Reading ------------------------------------------------------------------------------------------------------------
# The registry list's filters the rows answer, by name; any other filter in use means counting the enterprises.
ANSWERED_FILTERS = {"town", "grade", "status", "in_registry", "key_supervision", "service_mode"}


def grade_counts(filters):
    """The registry list's counts by grade (enterprises.stats.grade_counts' shape) for the whole registry narrowed by
    `filters` (the list form's cleaned data, only names of ANSWERED_FILTERS): one query over the summary rows."""
    rows = EnterpriseCount.objects.order_by()
    if town := filters.get("town"):
        rows = rows.filter(town_key=town.pk)
    if grade := filters.get("grade"):
        rows = rows.filter(grade="" if grade == "none" else grade)
    if status := filters.get("status"):
        rows = rows.filter(status=status)
    if filters.get("in_registry"):
        rows = rows.exclude(status=EnterpriseStatus.CLOSED)
    if key_supervision := filters.get("key_supervision"):
        rows = rows.filter(key_supervision=key_supervision == "1")
    if service_mode := filters.get("service_mode"):
        rows = rows.filter(service_mode=service_mode)
    counts = dict(rows.values_list("grade").annotate(total=Sum("n")))
    found = [(g.value, g.label, counts.get(g.value) or 0) for g in GRADE_ORDER]
    return found + [("none", "未定级", counts.get("") or 0)]
