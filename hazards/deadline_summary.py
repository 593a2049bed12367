"""Summary rows: open hazards by (town, rectification deadline), kept in `HazardDeadlineCount` by database triggers,
so that a town's open and overdue hazards (deadline before today) are sums over one town's rows.

Overdue depends on today, so it is no row of HazardCount (hazards/summary.py); but it is a range of deadlines, and
a town has one row per deadline its open hazards have (a few hundred to a few thousand, whatever the number of
hazards). Counting them instead joined every overdue hazard of the registry to the town's enterprises: at province
scale (215,000 overdue hazards) 135–270 ms for one town's page.

Kept like HazardCount, by the same two rules (hazards.summary.ByTown): on the hazards, each statement's rows that
are open count under their enterprise's town (a hazard closing, reopening, changing deadline or enterprise moves
between rows); on the enterprises, a change of town moves the enterprise's open hazards to the new town, and a
deleted enterprise's to town 0. The same lock FOR SHARE of the hazards' enterprises orders a move and a hazard
written at once.
"""

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from bureau import summary_rows
from hazards.count_models import HazardDeadlineCount
from hazards.models import OPEN_STATUSES, Hazard
from hazards.summary import ENTERPRISES, SOURCE, ByTown

KEY = ["town_key", "rectification_deadline"]
COUNTS = summary_rows.Summary("hazards_hazarddeadlinecount", tuple(KEY))
OPEN = ", ".join(f"'{status.value}'" for status in OPEN_STATUSES)
BY_TOWN = ByTown(
    COUNTS, "hazards_deadline", ("rectification_deadline",), where=f"h.status IN ({OPEN})", where_reads=("status",)
)
RULES = BY_TOWN.rules()


def install_triggers(schema_editor=None):
    summary_rows.install_triggers(schema_editor.connection if schema_editor else connection, RULES)


def uninstall_triggers(schema_editor=None):
    summary_rows.uninstall_triggers(schema_editor.connection if schema_editor else connection, RULES)


def fresh_counts():
    """{key tuple: n} counted over the open hazards themselves."""
    rows = (
        Hazard.objects.open()
        .order_by()
        .annotate(town_key=Coalesce("enterprise__town_id", 0))
        .values_list(*KEY)
        .annotate(n=Count("pk"))
    )
    return summary_rows.by_key(rows)


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return summary_rows.kept(HazardDeadlineCount, KEY)


def drift():
    return summary_rows.drift(kept_counts(), fresh_counts())


def rebuild_with(conn):
    """Recompute every row from the hazards (also what the migration runs), hazards and enterprises locked."""
    summary_rows.rebuild_with(conn, COUNTS, BY_TOWN.rows(SOURCE, 1), locked=[SOURCE, ENTERPRISES])


def rebuild():
    """Recompute every row in one transaction; returns the number of open hazards counted."""
    with transaction.atomic():
        rebuild_with(connection)
        return HazardDeadlineCount.objects.aggregate(n=Sum("n", default=0))["n"]


# Reading ------------------------------------------------------------------------------------------------------------


def town_counts(town, today):
    """(open, overdue) hazards of the enterprises whose town is `town` (a GridCell), in one query over its rows."""
    values = HazardDeadlineCount.objects.filter(town_key=town.pk).aggregate(
        open=Sum("n", default=0), overdue=Sum("n", filter=Q(rectification_deadline__lt=today), default=0)
    )
    return values["open"], values["overdue"]
