"""Summary rows: the registry's counts by (town, grade, status, key supervision, service mode), kept in
`EnterpriseCount` by database triggers instead of counted over every enterprise on each request.

Why triggers and not the service functions: the enterprise table is written by many hands — the services'
`save()`, `.update()` in the inspection service and the grid-cell move, `bulk_create`/`bulk_update` in the importer,
a dozen bulk steps of the demo seed, data migrations, the admin. A trigger is one place that sees all of them, in
the writer's own transaction (a rolled-back write rolls its count back), so no writer can forget. PostgreSQL gets
statement-level triggers with transition tables (one grouped upsert per statement: a bulk import of a million rows
costs one GROUP BY, not a million updates); SQLite (`make run`) gets the same counts from row-level triggers.

`rebuild()` recomputes every row from the enterprises (`manage.py rebuild_summaries`); `drift()` says where the rows
and a fresh count differ (the test, and the command's --check).
"""

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from enterprises.models import Enterprise, EnterpriseCount, EnterpriseStatus
from enterprises.stats import GRADE_ORDER

TABLE = "enterprises_enterprisecount"
SOURCE = "enterprises_enterprise"
KEY = ["town_key", "grade", "status", "key_supervision", "service_mode"]
# The enterprise's columns giving the key, in KEY's order.
COLUMNS = "COALESCE(town_id, 0), grade, status, key_supervision, service_mode"


def _pg_upsert(rows_sql):
    """One grouped upsert of (key..., d) rows; ordered by key so concurrent writers take the row locks in one order."""
    return f"""
        INSERT INTO {TABLE} (town_key, grade, status, key_supervision, service_mode, n)
        SELECT k1, k2, k3, k4, k5, sum(d) FROM ({rows_sql}) AS delta (k1, k2, k3, k4, k5, d)
        GROUP BY k1, k2, k3, k4, k5 HAVING sum(d) <> 0 ORDER BY k1, k2, k3, k4, k5
        ON CONFLICT (town_key, grade, status, key_supervision, service_mode)
        DO UPDATE SET n = {TABLE}.n + EXCLUDED.n;"""


PG_INSTALL = f"""
CREATE OR REPLACE FUNCTION enterprises_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_pg_upsert(f"SELECT {COLUMNS}, 1 FROM new_rows")}
    ELSIF TG_OP = 'DELETE' THEN
        {_pg_upsert(f"SELECT {COLUMNS}, -1 FROM old_rows")}
    ELSE
        {_pg_upsert(f"SELECT {COLUMNS}, 1 FROM new_rows UNION ALL SELECT {COLUMNS}, -1 FROM old_rows")}
    END IF;
    RETURN NULL;
END $$;
DROP TRIGGER IF EXISTS enterprises_count_insert ON {SOURCE};
DROP TRIGGER IF EXISTS enterprises_count_update ON {SOURCE};
DROP TRIGGER IF EXISTS enterprises_count_delete ON {SOURCE};
CREATE TRIGGER enterprises_count_insert AFTER INSERT ON {SOURCE}
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_count_apply();
CREATE TRIGGER enterprises_count_update AFTER UPDATE ON {SOURCE}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION enterprises_count_apply();
CREATE TRIGGER enterprises_count_delete AFTER DELETE ON {SOURCE}
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION enterprises_count_apply();
"""

PG_UNINSTALL = f"""
DROP TRIGGER IF EXISTS enterprises_count_insert ON {SOURCE};
DROP TRIGGER IF EXISTS enterprises_count_update ON {SOURCE};
DROP TRIGGER IF EXISTS enterprises_count_delete ON {SOURCE};
DROP FUNCTION IF EXISTS enterprises_count_apply();
"""


def _sqlite_add(row, d):
    key = f"COALESCE({row}.town_id, 0), {row}.grade, {row}.status, {row}.key_supervision, {row}.service_mode"
    where = " AND ".join(
        f"{column} = {value}"
        for column, value in zip(
            KEY,
            [
                f"COALESCE({row}.town_id, 0)",
                f"{row}.grade",
                f"{row}.status",
                f"{row}.key_supervision",
                f"{row}.service_mode",
            ],
            strict=True,
        )
    )
    return (
        f"INSERT OR IGNORE INTO {TABLE} (town_key, grade, status, key_supervision, service_mode, n) "
        f"VALUES ({key}, 0); UPDATE {TABLE} SET n = n + ({d}) WHERE {where};"
    )


SQLITE_INSTALL = [
    "DROP TRIGGER IF EXISTS enterprises_count_insert",
    "DROP TRIGGER IF EXISTS enterprises_count_update",
    "DROP TRIGGER IF EXISTS enterprises_count_delete",
    f"CREATE TRIGGER enterprises_count_insert AFTER INSERT ON {SOURCE} BEGIN {_sqlite_add('NEW', 1)} END",
    f"CREATE TRIGGER enterprises_count_delete AFTER DELETE ON {SOURCE} BEGIN {_sqlite_add('OLD', -1)} END",
    f"CREATE TRIGGER enterprises_count_update AFTER UPDATE OF town_id, grade, status, key_supervision, service_mode "
    f"ON {SOURCE} BEGIN {_sqlite_add('OLD', -1)} {_sqlite_add('NEW', 1)} END",
]
SQLITE_UNINSTALL = SQLITE_INSTALL[:3]


def install_triggers(schema_editor=None):
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(PG_INSTALL)
        elif conn.vendor == "sqlite":
            for statement in SQLITE_INSTALL:
                cursor.execute(statement)
        else:  # pragma: no cover - the portal runs on these two
            raise NotImplementedError(f"summary triggers for {conn.vendor}")


def uninstall_triggers(schema_editor=None):
    conn = schema_editor.connection if schema_editor else connection
    with conn.cursor() as cursor:
        for statement in [PG_UNINSTALL] if conn.vendor == "postgresql" else SQLITE_UNINSTALL:
            cursor.execute(statement)


def fresh_counts():
    """{key tuple: n} counted over the enterprises themselves."""
    rows = (
        Enterprise.objects.order_by()
        .annotate(town_key=Coalesce("town_id", 0))
        .values_list(*KEY)
        .annotate(n=Count("pk"))
    )
    return {tuple(row[:-1]): row[-1] for row in rows}


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return {tuple(row[:-1]): row[-1] for row in EnterpriseCount.objects.exclude(n=0).values_list(*KEY, "n")}


def drift():
    """{key: (kept, fresh)} where the summary rows and a fresh count differ; empty when they agree."""
    kept, fresh = kept_counts(), fresh_counts()
    return {
        key: (kept.get(key, 0), fresh.get(key, 0))
        for key in kept.keys() | fresh.keys()
        if kept.get(key, 0) != fresh.get(key, 0)
    }


REBUILD_SQL = [
    f"DELETE FROM {TABLE}",
    f"INSERT INTO {TABLE} (town_key, grade, status, key_supervision, service_mode, n) "
    f"SELECT {COLUMNS}, count(*) FROM {SOURCE} GROUP BY 1, 2, 3, 4, 5",
]


def rebuild_with(conn):
    """Recompute every row from the enterprises in one statement pair (also what the migration runs). On PostgreSQL
    the enterprises are locked against writers first: a write waiting on the lock applies its delta to the rebuilt
    rows afterwards."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {SOURCE} IN SHARE MODE")
        for statement in REBUILD_SQL:
            cursor.execute(statement)


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
