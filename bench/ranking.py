"""The quarterly ranking: compute_ranking (the portal's code, ORM, writes the ranking) against one hand-written
SQL statement computing the same totals (bench/ranking_sql.py), on the same data; the totals must agree."""

import statistics
import time


def measure(repeats=3):
    from django.db import transaction
    from django.utils import timezone

    from bench.ranking_sql import ranking_totals
    from bureau.assessment.scoring import compute_ranking
    from bureau.quarters import Quarter
    from enterprises.models import Enterprise
    from hazards.models import Hazard
    from inspections.inspection.models import Inspection

    quarter = Quarter.last_ended(timezone.localdate())
    # Rolled back at the end: the demo leaves the quarter just ended for staff to rank, and the next run's pages
    # show the same ranking as this run's (they would show this quarter's at the scales measured before).
    with transaction.atomic():
        result = _measure(quarter, repeats, compute_ranking, ranking_totals)
        transaction.set_rollback(True)
    return {
        **result,
        "enterprises": Enterprise.objects.count(),
        "hazards": Hazard.objects.count(),
        "inspections": Inspection.objects.count(),
    }


def _measure(quarter, repeats, compute_ranking, ranking_totals):
    orm_times, sql_times = [], []
    ranking = totals = None
    # Once untimed first: whichever ran first would read the tables cold (from disk, at province) and the other
    # warm; one run of each at province was 1.47× one evening and 2.03× the next for that alone.
    ranking_totals(quarter)
    for _ in range(repeats):
        started = time.perf_counter()
        ranking = compute_ranking(quarter)
        orm_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        totals = ranking_totals(quarter)
        sql_times.append(time.perf_counter() - started)
    expected = {row.town_id: row.total for row in ranking.rows.all()}
    got = {town: row["total"] for town, row in totals.items()}
    mismatches = [
        {"town": town, "compute_ranking": str(expected.get(town)), "sql": str(got.get(town))}
        for town in sorted(set(expected) | set(got))
        if expected.get(town) != got.get(town)
    ]
    orm, sql = statistics.median(orm_times), statistics.median(sql_times)
    return {
        "quarter": quarter.slug,
        "towns": len(expected),
        "orm_seconds": round(orm, 3),
        "sql_seconds": round(sql, 3),
        "ratio": round(orm / sql, 2) if sql else None,
        "repeats": repeats,
        "mismatches": mismatches,
    }
