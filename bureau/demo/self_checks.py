"""Demo self-checks and quarterly statistics for the enterprises already in the registry.

A self-check gathers the hazards the enterprise self-reported in its month, and says "本期未发现隐患" when there
were none, as the service would have it. The quarterly figures are counted from the hazards, never invented.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Subquery
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from bureau.bulk import analyze, insert_rows
from bureau.demo.dating import at
from bureau.quarters import Quarter
from bureau.roles import Role
from enterprises.models import Enterprise
from hazards.models import Hazard, HazardOrigin, QuarterlyStatistics, SelfCheck
from hazards.self_checks import figure_expressions, month_bounds

SELF_CHECK_SHARE = 0.85
STATISTICS_SHARE = 0.80
LATE_SHARE = 0.12
NOTES_NOTHING = ["对照自查清单逐项检查，未发现隐患。", "本月组织全面自查，未发现隐患。", ""]
NOTES_FOUND = ["自查发现的隐患已逐项上报并落实整改。", "已上报隐患，正在整改。"]


def _last_months(today, count):
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def _last_quarters(today, count):
    quarter, quarters = Quarter.last_ended(today), []
    for _ in range(count):
        quarters.append(quarter)
        quarter = quarter.previous()
    return quarters


def _at(day, rng, today):
    """A time in office hours on `day`, but never later than now when `day` is today."""
    moment = at(day, rng.randint(8, 17), rng.randint(0, 59))
    if day < today:
        return moment
    return min(moment, max(timezone.now(), at(today, 0)))


def _submitters(enterprise_ids):
    """Each enterprise's own user if it has one, else the demo staff user."""
    User = get_user_model()
    # All enterprise users, filtered here: an IN list of a million enterprises would be a query of megabytes.
    wanted = set(enterprise_ids)
    own = {
        enterprise: user
        for enterprise, user in User.objects.filter(
            groups__name=Role.ENTERPRISE, enterprise_membership__isnull=False
        ).values_list("enterprise_membership__enterprise", "pk")
        if enterprise in wanted
    }
    fallback = User.objects.filter(username="staff").values_list("pk", flat=True).first()
    if fallback is None and len(own) < len(enterprise_ids):
        raise RuntimeError("seed_self_checks needs the demo user “staff”: seed the users first.")
    return {pk: own.get(pk, fallback) for pk in enterprise_ids}


def seed_self_checks(*, seed, today, months=12, quarters=4, unfiled=()):
    """`months` months of self-checks and `quarters` ended quarters of statistics, in bulk; each part skipped if
    already there. Written with bureau.bulk (COPY on PostgreSQL), without audit history: demo data. The enterprises
    (pks) in `unfiled` have not filed this month yet, so that their demo user has a self-check to file.

    Returns (self-checks created, statistics created).
    """
    rng = random.Random(seed)
    enterprise_ids = list(Enterprise.objects.operating().order_by("pk").values_list("pk", flat=True))
    if not enterprise_ids:
        return 0, 0
    submitters = _submitters(enterprise_ids)
    created_checks = (
        0 if SelfCheck.objects.exists() else _seed_months(rng, today, months, enterprise_ids, submitters, set(unfiled))
    )
    created_stats = (
        0 if QuarterlyStatistics.objects.exists() else _seed_quarters(rng, today, quarters, enterprise_ids, submitters)
    )
    analyze(SelfCheck, QuarterlyStatistics, Hazard)
    return created_checks, created_stats


def _seed_months(rng, today, count, enterprise_ids, submitters, unfiled):
    months = _last_months(today, count)
    oldest_first, _ = month_bounds(*months[-1])
    # The months in which each enterprise self-reported hazards not yet in a self-check: what a self-check gathers.
    unlinked = Hazard.objects.filter(
        source=HazardOrigin.SELF_CHECK, self_check__isnull=True, found_on__range=(oldest_first, today)
    )
    found_in = {(e, d.year, d.month) for e, d in unlinked.values_list("enterprise_id", "found_on").order_by()}

    this_month = (today.year, today.month)

    def rows():
        for year, month in months:
            first, last = month_bounds(year, month)
            for enterprise_id in enterprise_ids:
                if rng.random() >= SELF_CHECK_SHARE:
                    continue
                # Filed in the last days of the month or the first of the next, never in the future.
                day = min(last + timedelta(days=rng.randint(-8, 5)), today)
                found = (enterprise_id, year, month) in found_in
                row = (
                    enterprise_id,
                    year,
                    month,
                    not found,
                    rng.choice(NOTES_FOUND if found else NOTES_NOTHING),
                    submitters[enterprise_id],
                    _at(max(day, first), rng, today),
                )
                # Drawn, then left out: the other enterprises' rows stay as they were.
                if (year, month) != this_month or enterprise_id not in unfiled:
                    yield row

    columns = ["enterprise_id", "year", "month", "found_nothing", "note", "submitted_by_id", "submitted_at"]
    created = insert_rows(SelfCheck, columns, rows())

    # Each self-reported hazard joins the self-check of its enterprise and month: one set-based update.
    filed = SelfCheck.objects.filter(
        enterprise=OuterRef("enterprise"),
        year=ExtractYear(OuterRef("found_on")),
        month=ExtractMonth(OuterRef("found_on")),
    )
    unlinked.filter(Exists(filed)).update(self_check=Subquery(filed.values("pk")[:1]))
    return created


def _figures_by_enterprise(quarter):
    """statistics_figures for every enterprise at once: one grouped query per quarter."""
    rows = (
        Hazard.objects.filter(found_on__range=(quarter.start, quarter.end))
        .order_by()
        .values("enterprise")
        .annotate(**figure_expressions())
    )
    return {row.pop("enterprise"): row for row in rows}


STATISTICS_FIGURES = ["general_found", "general_rectified", "major_found", "major_rectified", "funds"]


def _seed_quarters(rng, today, count, enterprise_ids, submitters):
    empty = dict.fromkeys(STATISTICS_FIGURES, 0)

    def rows():
        for quarter in _last_quarters(today, count):
            figures = _figures_by_enterprise(quarter)
            for enterprise_id in enterprise_ids:
                if rng.random() >= STATISTICS_SHARE:
                    continue
                # On time: within the 15 days allowed; late: up to a month after the due date.
                days = rng.randint(16, 45) if rng.random() < LATE_SHARE else rng.randint(1, 15)
                own = figures.get(enterprise_id, empty)
                yield (
                    enterprise_id,
                    quarter.year,
                    quarter.number,
                    submitters[enterprise_id],
                    _at(min(quarter.end + timedelta(days=days), today), rng, today),
                    *(own[name] for name in STATISTICS_FIGURES),
                )

    columns = ["enterprise_id", "year", "quarter", "submitted_by_id", "submitted_at", *STATISTICS_FIGURES]
    return insert_rows(QuarterlyStatistics, columns, rows())
