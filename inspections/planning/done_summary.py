"""Summary rows: the yearly plan's progress — inspections of the kinds a plan counts (plans.KIND_OF_METHOD) by
(month, kind, plan group, town) — kept in `InspectionCount` by database triggers instead of joining the year's
inspections to their enterprises on each request (bureau/summary_rows.py builds them, as for the registry's and the
hazards' counts).

An inspection counts under its enterprise's *current* plan group (key supervision first, then the grade: plans.
group_of) and town, as the plan's figures always have. Two rules keep that true:
- on the inspections, each statement's written rows are counted under their enterprise's group and town as they are;
- on the enterprises, a change of grade, key supervision or town that changes the group or the town moves the counts
  of the enterprise's inspections (one grouped statement for a bulk regrading of the whole registry), and a deleted
  enterprise's (under a deferred foreign key) go to (ungraded, town 0), where its inspections, whose enterprise is
  gone, count when they are deleted afterwards.
Race: as hazards/summary.py, the inspections' rule locks their enterprises FOR SHARE on PostgreSQL before reading
their group and town, so a write and a concurrent regrading or move wait for each other instead of both reading the
enterprise before the other's commit.

The month key is "YYYY-MM", from the date by each database's own function (to_char on PostgreSQL, whatever the
session's DateStyle; SQLite stores dates as ISO text): the rules are spelled per database.

`rebuild()` recomputes every row (`manage.py rebuild_summaries`); `drift()` says where the rows and a fresh count
differ (the test, and the command's --check).
"""

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear

from bureau import summary_rows
from enterprises.models import RiskGrade
from inspections.inspection.models import Inspection
from inspections.planning.done_models import InspectionCount
from inspections.planning.plan_models import PlanGroup
from inspections.planning.plans import KIND_OF_METHOD, group_of

SOURCE = "inspections_inspection"
ENTERPRISES = "enterprises_enterprise"
KEY = ["month_key", "kind", "plan_group", "town_key"]
COUNTS = summary_rows.Summary("inspections_inspectioncount", tuple(KEY))
KINDS = sorted(KIND_OF_METHOD.values())
COUNTED = "(" + ", ".join(f"'{kind}'" for kind in KINDS) + ")"
MONTH = {"postgresql": "to_char({}, 'YYYY-MM')", "sqlite": "substr({}, 1, 7)"}
GRADES = ", ".join(f"'{grade}'" for grade in RiskGrade.values)


def _group(e):
    """plans.group_of() over the enterprise aliased `e` (ungraded when there is none: a LEFT JOIN found nothing)."""
    return (
        f"CASE WHEN {e}.key_supervision THEN '{PlanGroup.KEY_SUPERVISION}' "
        f"WHEN {e}.grade IN ({GRADES}) THEN {e}.grade ELSE '{PlanGroup.UNGRADED}' END"
    )


def _town(e):
    return f"COALESCE({e}.town_id, 0)"


def _rules(vendor):
    """The two rules, spelled for `vendor`'s month function."""
    month = MONTH[vendor].format

    def rows(written, d):
        """The (key, d) rows of written inspections of a counted kind, under their enterprise's group and town."""
        return COUNTS.select(
            [month("r.date"), "r.kind", _group("e"), _town("e")],
            d,
            f"{written} AS r LEFT JOIN {ENTERPRISES} AS e ON e.id = r.enterprise_id",
            f"r.kind IN {COUNTED}",
        )

    def lock_enterprises(old, new):
        ids = " UNION ".join(f"SELECT enterprise_id FROM {r} WHERE kind IN {COUNTED}" for r in (old, new) if r)
        return f"SELECT 1 FROM {ENTERPRISES} AS e WHERE e.id IN ({ids}) FOR SHARE OF e"

    def inspections_of(group, town, d, join, where):
        """The (key, d) rows of the counted inspections of the enterprises aliased o, under `group` and `town`."""
        return COUNTS.select(
            [month("i.date"), "i.kind", group, town],
            d,
            f"{join} JOIN {SOURCE} AS i ON i.enterprise_id = o.id",
            f"i.kind IN {COUNTED} AND ({where})",
        )

    def moved(old, new):
        join = f"{old} AS o JOIN {new} AS n ON n.id = o.id"
        changed = f"{_group('o')} <> {_group('n')} OR {_town('o')} <> {_town('n')}"
        return (
            f"{inspections_of(_group('o'), _town('o'), -1, join, changed)} UNION ALL "
            f"{inspections_of(_group('n'), _town('n'), 1, join, changed)}"
        )

    def deleted(old, new):
        gone, nowhere = f"'{PlanGroup.UNGRADED}'", "0"
        elsewhere = f"{_group('o')} <> {gone} OR {_town('o')} <> {nowhere}"
        return (
            f"{inspections_of(_group('o'), _town('o'), -1, f'{old} AS o', elsewhere)} UNION ALL "
            f"{inspections_of(gone, nowhere, 1, f'{old} AS o', elsewhere)}"
        )

    inspections = summary_rows.Rule(
        summary=COUNTS,
        name="inspections_count",
        source=SOURCE,
        columns=("enterprise_id", "date", "kind"),
        delta=summary_rows.row_deltas(rows),
        update_of=("enterprise_id", "date", "kind"),
        pg_before=lock_enterprises,
    )
    enterprises = summary_rows.Rule(
        summary=COUNTS,
        name="inspections_count_enterprise",
        source=ENTERPRISES,
        columns=("id", "town_id", "grade", "key_supervision"),
        delta={"UPDATE": moved, "DELETE": deleted},
        update_of=("town_id", "grade", "key_supervision"),
    )
    return [inspections, enterprises], rows


def _connection(schema_editor):
    return schema_editor.connection if schema_editor else connection


def install_triggers(schema_editor=None):
    conn = _connection(schema_editor)
    summary_rows.install_triggers(conn, _rules(conn.vendor)[0])


def uninstall_triggers(schema_editor=None):
    conn = _connection(schema_editor)
    summary_rows.uninstall_triggers(conn, _rules(conn.vendor)[0])


def fresh_counts():
    """{key tuple: n} counted over the inspections themselves (the month from the ORM, not the triggers' SQL)."""
    rows = (
        Inspection.objects.filter(kind__in=KINDS)
        .order_by()
        .annotate(
            year=ExtractYear("date"),
            month=ExtractMonth("date"),
            plan_group=group_of("enterprise__"),
            town_key=Coalesce("enterprise__town_id", 0),
        )
        .values_list("year", "month", "kind", "plan_group", "town_key")
        .annotate(n=Count("pk"))
    )
    return {(f"{year:04d}-{month:02d}", kind, group, town): n for year, month, kind, group, town, n in rows}


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return summary_rows.kept(InspectionCount, KEY)


def drift():
    return summary_rows.drift(kept_counts(), fresh_counts())


def rebuild_with(conn):
    """Recompute every row from the inspections (also what the migration runs), inspections and enterprises locked."""
    rows = _rules(conn.vendor)[1]
    summary_rows.rebuild_with(conn, COUNTS, rows(SOURCE, 1), locked=[SOURCE, ENTERPRISES])


def rebuild():
    """Recompute every row in one transaction; returns the number of inspections counted."""
    with transaction.atomic():
        rebuild_with(connection)
        return InspectionCount.objects.aggregate(n=Sum("n", default=0))["n"]
