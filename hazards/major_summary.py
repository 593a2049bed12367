"""Summary rows: open major hazards by (town, industry, day found), kept in `MajorHazardCount` by database triggers,
so that the major hazards board's tables by town and by industry (hazards.listing_board) are sums of rows for the
bureau, without joining each open major hazard to its enterprise.

That join was the board's cost at province scale: 18,937 open major hazards looked up among 1,000,002 enterprises, a
hash join over the whole registry (524 ms) or as many index probes (about 200 ms), growing with both. The rows have
the enterprise's town and industry in their key; the age buckets (days since found, against today) are ranges of the
day found, so they are sums of rows too. Whether a hazard is under listed supervision is another table's (the
listings): the few open major hazards under an active listing are counted beside the rows in the same query.

Kept like HazardCount, by the same two rules (hazards.summary.ByTown): on the hazards, each statement's open major
hazards count under their enterprise's town and industry; on the enterprises, a change of town or of industry moves
the enterprise's open major hazards to the new key (a deleted enterprise's to town 0 and industry "").
"""

from django.db import connection, transaction
from django.db.models import Count, F, Sum, Value
from django.db.models.functions import Coalesce

from bureau import summary_rows
from hazards.choices import HazardLevel
from hazards.count_models import MajorHazardCount
from hazards.listing_models import ListingStatus
from hazards.models import OPEN_STATUSES, Hazard
from hazards.summary import ENTERPRISES, SOURCE, ByTown

KEY = ["town_key", "industry", "found_on"]
COUNTS = summary_rows.Summary("hazards_majorhazardcount", tuple(KEY))
OPEN = ", ".join(f"'{status.value}'" for status in OPEN_STATUSES)
BY_TOWN = ByTown(
    COUNTS,
    "hazards_major",
    ("found_on",),
    where=f"h.level = '{HazardLevel.MAJOR.value}' AND h.status IN ({OPEN})",
    where_reads=("level", "status"),
    of_enterprise=(("town_id", "0"), ("industry", "''")),
)
RULES = BY_TOWN.rules()


def install_triggers(schema_editor=None):
    summary_rows.install_triggers(schema_editor.connection if schema_editor else connection, RULES)


def uninstall_triggers(schema_editor=None):
    summary_rows.uninstall_triggers(schema_editor.connection if schema_editor else connection, RULES)


def fresh_counts():
    """{key tuple: n} counted over the open major hazards themselves."""
    rows = (
        Hazard.objects.open()
        .filter(level=HazardLevel.MAJOR)
        .order_by()
        .annotate(town_key=Coalesce("enterprise__town_id", 0), industry=F("enterprise__industry"))
        .values_list(*KEY)
        .annotate(n=Count("pk"))
    )
    return summary_rows.by_key(rows)


def kept_counts():
    """{key tuple: n} as the summary rows have it (rows at 0 left out)."""
    return summary_rows.kept(MajorHazardCount, KEY)


def drift():
    return summary_rows.drift(kept_counts(), fresh_counts())


def rebuild_with(conn):
    """Recompute every row from the hazards (also what the migration runs), hazards and enterprises locked."""
    summary_rows.rebuild_with(conn, COUNTS, BY_TOWN.rows(SOURCE, 1), locked=[SOURCE, ENTERPRISES])


def rebuild():
    """Recompute every row in one transaction; returns the number of open major hazards counted."""
    with transaction.atomic():
        rebuild_with(connection)
        return MajorHazardCount.objects.aggregate(n=Sum("n", default=0))["n"]


# Reading ------------------------------------------------------------------------------------------------------------


def grouped(sums, listed_key):
    """{(town pk or 0, industry): {figure key: value}} of every open major hazard, in one query: the rows' sums by
    town and industry (`sums`: {figure key: Q on the rows' day found, Q() for all of them}) UNION ALL the open major
    hazards under an active listing counted by their enterprise's town and industry (as `listed_key`)."""
    keys = [*sums, listed_key]
    rows = (
        MajorHazardCount.objects.order_by()
        .values_list("town_key", "industry")
        .annotate(**{f"f{i}": Sum("n", filter=sums[key] or None) for i, key in enumerate(sums)})
        .annotate(**{f"f{len(sums)}": Value(0)})
    )
    listed = (
        Hazard.objects.open()
        .filter(level=HazardLevel.MAJOR, listing__status=ListingStatus.ACTIVE)
        .order_by()
        .annotate(town_key=Coalesce("enterprise__town_id", 0), industry=F("enterprise__industry"))
        .values_list("town_key", "industry")
        .annotate(**{f"f{i}": Value(0) for i in range(len(sums))})
        .annotate(**{f"f{len(sums)}": Count("pk")})
    )
    result: dict = {}
    for town, industry, *values in rows.union(listed, all=True):
        group = result.setdefault((town, industry), dict.fromkeys(keys, 0))
        for key, value in zip(keys, values, strict=True):
            group[key] += value or 0
    return result
