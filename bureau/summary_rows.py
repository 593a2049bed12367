"""Summary rows kept by database triggers: the SQL the registry's counts (enterprises/summary.py) and the hazards'
counts (hazards/summary.py) are built from, so that each app writes each of its rules once, for both databases.

A summary is a table of (key..., n) rows. A rule says how the rows written to one source table change it: for each
kind of write, a SELECT of (key..., d) rows over the old and the new rows of the source. PostgreSQL runs it once per
statement over the statement's transition tables (old_rows, new_rows: a bulk write of a million rows is one GROUP
BY, not a million updates); SQLite (`make run`) once per row, over one-row relations spelled from OLD and NEW. The
same rule applied to the whole source table, as if every row were new, is the summary's rebuild.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

PG_ROWS = {"old": "old_rows", "new": "new_rows"}
OPS = ("INSERT", "UPDATE", "DELETE")


@dataclass(frozen=True)
class Summary:
    table: str
    key: tuple[str, ...]

    def select(self, exprs, d, from_sql, where=""):
        """SELECT of (key..., d) rows: `exprs` give the key in its order, each named as its column."""
        named = ", ".join(f"{expr} AS {column}" for expr, column in zip(exprs, self.key, strict=True))
        return f"SELECT {named}, {d} AS d FROM {from_sql}" + (f" WHERE {where}" if where else "")

    def upsert(self, delta_sql):
        """One grouped upsert of the (key..., d) rows of `delta_sql`; ordered by key so that concurrent writers take
        the count rows' locks in one order. Only keys whose count changes are touched. ("WHERE true": SQLite's
        parser needs it before ON CONFLICT.)"""
        key = ", ".join(self.key)
        return (
            f"INSERT INTO {self.table} ({key}, n) SELECT {key}, sum(d) FROM ({delta_sql}) AS delta WHERE true "
            f"GROUP BY {key} HAVING sum(d) <> 0 ORDER BY {key} "
            f"ON CONFLICT ({key}) DO UPDATE SET n = {self.table}.n + excluded.n"
        )


def row_deltas(rows):
    """The deltas of the three kinds of write for a summary that counts the source's own rows: an insert adds the new
    rows, a delete takes the old ones away, an update does both. `rows(relation, d)` is the SELECT of (key..., d) rows
    of the rows in `relation`."""
    return {
        "INSERT": lambda old, new: rows(new, 1),
        "UPDATE": lambda old, new: f"{rows(new, 1)} UNION ALL {rows(old, -1)}",
        "DELETE": lambda old, new: rows(old, -1),
    }


# A statement that wrote more rows than this has its trigger statements planned for them (see _planned_for).
PLAN_AFRESH_OVER = 500


def _planned_for(written, upsert, lock=None):
    """The trigger's statements (a SELECT taking locks, its rows discarded, then the upsert), planned for the number
    of rows the firing statement wrote when it wrote many.

    PL/pgSQL plans a function's statements once per session and keeps the plan. Made at a one-row write (a nested
    loop over the transition tables, right for one row) it was kept for a later write of 200,000 rows in the same
    session, whose join then compared every old row with every new one: the province seed stuck for over 40 minutes
    in one UPDATE. Over PLAN_AFRESH_OVER rows the statements run by EXECUTE, planned at that firing for its rows; at
    or under it they keep their plan (planning them each time made a one-row update of an enterprise 7 times
    slower: 2.1 ms instead of 0.3), which compares at most that many rows with as many."""
    for sql in (lock, upsert):
        assert sql is None or "$sql$" not in sql
    kept = ([f"PERFORM {lock.removeprefix('SELECT ')};"] if lock else []) + [f"{upsert};"]
    afresh = ([f"EXECUTE $sql${lock}$sql$;"] if lock else []) + [f"EXECUTE $sql${upsert}$sql$;"]
    indent = "\n            "
    return (
        f"IF (SELECT count(*) FROM {written}) > {PLAN_AFRESH_OVER} THEN{indent}{indent.join(afresh)}\n        "
        f"ELSE{indent}{indent.join(kept)}\n        END IF;"
    )


@dataclass(frozen=True)
class Rule:
    """How writes to `source` change `summary`: `delta[op](old, new)` is the SELECT of (key..., d) rows for an op of
    OPS, `old` and `new` naming the relations of the written rows (None where the op has none)."""

    summary: Summary
    name: str  # the triggers' and the function's names start with it
    source: str
    columns: tuple[str, ...]  # the source's columns the deltas read: SQLite's OLD and NEW rows are spelled from them
    delta: dict[str, Callable[[str | None, str | None], str]]
    update_of: tuple[str, ...] = ()  # SQLite: the update trigger fires on these columns only (all when empty)
    # PostgreSQL: a SELECT run before the upsert, given (old, new) as `delta`, its rows discarded (e.g. a lock on the
    # rows the key is read from, hazards/summary.py).
    pg_before: Callable[[str | None, str | None], str] | None = field(default=None)

    def _triggers(self):
        return [(op, f"{self.name}_{op.lower()}") for op in OPS if op in self.delta]

    def pg_install(self):
        branches = []
        for op, _ in self._triggers():
            old = PG_ROWS["old"] if op != "INSERT" else None
            new = PG_ROWS["new"] if op != "DELETE" else None
            lock = self.pg_before(old, new) if self.pg_before else None
            upsert = self.summary.upsert(self.delta[op](old, new))
            keyword = "IF" if not branches else "ELSIF"
            branches.append(f"{keyword} TG_OP = '{op}' THEN\n        {_planned_for(new or old, upsert, lock)}")
        creates = []
        for op, trigger in self._triggers():
            tables = {"INSERT": "NEW TABLE AS new_rows", "DELETE": "OLD TABLE AS old_rows"}.get(
                op, "OLD TABLE AS old_rows NEW TABLE AS new_rows"
            )
            creates.append(
                f"CREATE TRIGGER {trigger} AFTER {op} ON {self.source} REFERENCING {tables} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {self.name}_apply();"
            )
        body = "\n    ".join(branches)
        return [
            f"CREATE OR REPLACE FUNCTION {self.name}_apply() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    "
            f"{body}\n    END IF;\n    RETURN NULL;\nEND $$;",
            *self._pg_drops(),
            *creates,
        ]

    def _pg_drops(self):
        return [f"DROP TRIGGER IF EXISTS {trigger} ON {self.source};" for _, trigger in self._triggers()]

    def pg_uninstall(self):
        return [*self._pg_drops(), f"DROP FUNCTION IF EXISTS {self.name}_apply();"]

    def _sqlite_row(self, which):
        return "(SELECT " + ", ".join(f"{which}.{column} AS {column}" for column in self.columns) + ")"

    def sqlite_install(self):
        statements = self.sqlite_uninstall()
        for op, trigger in self._triggers():
            old = self._sqlite_row("OLD") if op != "INSERT" else None
            new = self._sqlite_row("NEW") if op != "DELETE" else None
            event = f"UPDATE OF {', '.join(self.update_of)}" if op == "UPDATE" and self.update_of else op
            statements.append(
                f"CREATE TRIGGER {trigger} AFTER {event} ON {self.source} "
                f"BEGIN {self.summary.upsert(self.delta[op](old, new))}; END"
            )
        return statements

    def sqlite_uninstall(self):
        return [f"DROP TRIGGER IF EXISTS {trigger}" for _, trigger in self._triggers()]


def _statements(conn, rules, install):
    if conn.vendor == "postgresql":
        return [s for rule in rules for s in (rule.pg_install() if install else rule.pg_uninstall())]
    if conn.vendor == "sqlite":
        return [s for rule in rules for s in (rule.sqlite_install() if install else rule.sqlite_uninstall())]
    raise NotImplementedError(f"summary triggers for {conn.vendor}")  # pragma: no cover - the portal runs on these two


def install_triggers(conn, rules):
    with conn.cursor() as cursor:
        for statement in _statements(conn, rules, install=True):
            cursor.execute(statement)


def uninstall_triggers(conn, rules):
    with conn.cursor() as cursor:
        for statement in _statements(conn, rules, install=False):
            cursor.execute(statement)


def rebuild_with(conn, summary, delta_sql, locked):
    """Recompute every row of `summary` from `delta_sql` (the (key..., 1) rows of every counted record). On
    PostgreSQL the `locked` tables are locked against writers first: a write waiting on the lock applies its delta to
    the rebuilt rows afterwards."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {', '.join(locked)} IN SHARE MODE")
        cursor.execute(f"DELETE FROM {summary.table}")
        cursor.execute(summary.upsert(delta_sql))


def by_key(rows):
    """{key tuple: n} of (key..., n) rows: a fresh count's, or the summary's own."""
    return {tuple(row[:-1]): row[-1] for row in rows}


def kept(model, key):
    """{key tuple: n} as a summary's rows (`model`, keyed by the `key` columns) have it, rows at 0 left out."""
    return by_key(model.objects.exclude(n=0).values_list(*key, "n"))


def drift(kept, fresh):
    """{key: (kept, fresh)} where the summary rows and a fresh count differ; empty when they agree."""
    return {
        key: (kept.get(key, 0), fresh.get(key, 0))
        for key in kept.keys() | fresh.keys()
        if kept.get(key, 0) != fresh.get(key, 0)
    }
