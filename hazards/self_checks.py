"""Monthly self-checks (自查) and quarterly hazard statistics (季度隐患统计): the rules, the figures and the writes.

A self-check counts even when nothing was found; when something was, it gathers the hazards the enterprise
self-reported in that month. The quarterly statistics are counted from the enterprise's own hazards and frozen
when filed; they are due by the 15th of the month after the quarter.
"""

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, DecimalField, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from bureau.quarters import Quarter
from enterprises.models import EnterpriseStatus
from enterprises.permissions import visible_enterprises
from grids.models import GridCell
from hazards import permissions
from hazards.models import Hazard, HazardLevel, HazardOrigin, HazardStatus, QuarterlyStatistics, SelfCheck

DUPLICATE_SELF_CHECK = "本单位该月已提交自查。"
DUPLICATE_STATISTICS = "本单位该季度统计已报送。"
NOTHING_TO_LINK = "本期没有自查上报的隐患，如确未发现隐患请勾选“本期未发现隐患”"
STATISTICS_DUE_DAY = 15
RECTIFIED_STATUSES = (HazardStatus.RECTIFIED, HazardStatus.CLOSED)


# Periods ---------------------------------------------------------------------------------------------------------


def month_bounds(year, month):
    """The first and last day of a month; a ValidationError for a month that does not exist."""
    if not 1 <= year <= 9999:
        raise ValidationError("年度无效。")
    if not 1 <= month <= 12:
        raise ValidationError("月份无效，请选择 1 至 12 月。")
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def statistics_quarter(year, quarter):
    """The Quarter of a filing; a ValidationError for a quarter number that does not exist."""
    if not 1 <= year <= 9999:
        raise ValidationError("年度无效。")
    if not 1 <= quarter <= 4:
        raise ValidationError("季度无效，请选择第 1 至 4 季度。")
    return Quarter(year, quarter)


def statistics_due_date(quarter):
    """The 15th of the month after the quarter."""
    return quarter.next().start.replace(day=STATISTICS_DUE_DAY)


def _late_after(quarter):
    """The first moment (local time) a filing for this quarter is late."""
    return timezone.make_aware(datetime.combine(statistics_due_date(quarter) + timedelta(days=1), time.min))


def is_on_time(stat):
    return timezone.localdate(stat.submitted_at) <= statistics_due_date(Quarter(stat.year, stat.quarter))


# Self-checks -----------------------------------------------------------------------------------------------------


def unlinked_self_reported(enterprise, year, month):
    """The hazards the enterprise self-reported in the month that no self-check has gathered yet."""
    first, last = month_bounds(year, month)
    return Hazard.objects.filter(
        enterprise=enterprise, source=HazardOrigin.SELF_CHECK, found_on__range=(first, last), self_check__isnull=True
    )


def self_check_offer(user, hazard):
    """The self-check to file from the page of a hazard its enterprise self-reported: {year, month, pending} of the
    hazard's month, for one button that gathers it with the month's other self-reported hazards; None for anyone but
    the enterprise's own user, a hazard a self-check already gathered, or a month already filed. One or two
    queries, none for other users."""
    if hazard.source != HazardOrigin.SELF_CHECK or hazard.self_check_id is not None:
        return None
    if not permissions.is_own_enterprise(user, hazard.enterprise):
        return None
    year, month = hazard.found_on.year, hazard.found_on.month
    if SelfCheck.objects.filter(enterprise_id=hazard.enterprise_id, year=year, month=month).exists():
        return None
    pending = unlinked_self_reported(hazard.enterprise, year, month).count()
    return {"year": year, "month": month, "pending": pending}


def months_back(today, count):
    """The `count` months up to `today`'s, oldest first, as (year, month)."""
    index = today.year * 12 + today.month - 1
    return [divmod(i, 12) for i in range(index - count + 1, index + 1)]


def first_unfiled_month(enterprise, today, window=12):
    """The month the enterprise most likely files next, as (year, month); None when every month is filed.

    The earliest month not yet filed from its first self-check of the last `window` months (a gap it left) to this
    month; this month when it filed none of them: never a month already filed, and no reaching back to the months
    before it began filing. One query."""
    months = [(year, month + 1) for year, month in months_back(today, window)]
    (first_year, first_month) = months[0]
    filed = set(
        SelfCheck.objects.filter(enterprise=enterprise)
        .filter(Q(year__gt=first_year) | Q(year=first_year, month__gte=first_month))
        .values_list("year", "month")
    )
    if not filed:
        return months[-1]
    start = months.index(min(filed & set(months), default=months[-1]))
    return next((m for m in months[start:] if m not in filed), None)


@transaction.atomic
def self_check_submit(*, enterprise, year, month, found_nothing, note, actor):
    """File the enterprise's self-check for a month and gather the hazards it self-reported in that month."""
    if not permissions.is_own_enterprise(actor, enterprise):
        raise PermissionDenied("只能提交本单位的自查。")
    first, _ = month_bounds(year, month)
    if first > timezone.localdate():
        raise ValidationError("不能提交未来月份的自查。")
    self_check = SelfCheck(
        enterprise=enterprise,
        year=year,
        month=month,
        found_nothing=found_nothing,
        note=note.strip(),
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    self_check.full_clean()
    try:
        with transaction.atomic():
            self_check.save()
    except IntegrityError:  # filed at the same moment from another browser
        raise ValidationError(DUPLICATE_SELF_CHECK) from None
    linked = unlinked_self_reported(enterprise, year, month).update(self_check=self_check)
    # Raising here rolls the self-check back with the links: the record and its hazards never disagree.
    if not linked and not found_nothing:
        raise ValidationError(NOTHING_TO_LINK)
    if linked and found_nothing:
        raise ValidationError(f"本期已自查上报隐患 {linked} 项，不能勾选“本期未发现隐患”。")
    return self_check


def months_q(start, end):
    """Self-checks for a month from `start`'s to `end`'s (dates, any day of their month). On the year and month
    columns themselves, not a date built from them, so the (enterprise, year, month) index answers."""
    after = Q(year__gt=start.year) | Q(year=start.year, month__gte=start.month)
    before = Q(year__lt=end.year) | Q(year=end.year, month__lte=end.month)
    return after & before


def filed_q(start, end):
    """A Q on enterprises: filed a self-check for at least one month from `start`'s to `end`'s."""
    return Q(Exists(SelfCheck.objects.filter(months_q(start, end), enterprise=OuterRef("pk"))))


@dataclass(frozen=True)
class CoverageRow:
    town: object  # a GridCell, or None for enterprises without a town
    enterprises: int
    filed: int

    @property
    def missing(self):
        return self.enterprises - self.filed

    @property
    def percent(self):
        return round(100 * self.filed / self.enterprises, 1) if self.enterprises else None


def _by_town(rows, key="town"):
    return {row[key]: row["n"] for row in rows}


def _town_rows(enterprise_counts, make_row, all_towns):
    """One row per town (all of them, or only those with enterprises), then one for enterprises with no town."""
    towns = list(GridCell.objects.towns().only("pk", "code", "name", "path"))
    rows = [make_row(town, town.pk) for town in towns if all_towns or enterprise_counts.get(town.pk)]
    if enterprise_counts.get(None):
        rows.append(make_row(None, None))
    return rows


def self_check_coverage(user, year, month, *, all_towns=False):
    """Per town: operating enterprises in the user's scope and how many filed a self-check for the month.

    Three queries whatever the number of towns and enterprises.
    """
    enterprises = visible_enterprises(user).operating()
    enterprise_counts = _by_town(enterprises.order_by().values("town").annotate(n=Count("pk")))
    filed = _by_town(
        permissions.visible_self_checks(user)
        .filter(year=year, month=month)
        .exclude(enterprise__status=EnterpriseStatus.CLOSED)
        .order_by()
        .values("enterprise__town")
        .annotate(n=Count("enterprise", distinct=True)),
        key="enterprise__town",
    )
    rows = _town_rows(
        enterprise_counts, lambda town, pk: CoverageRow(town, enterprise_counts.get(pk, 0), filed.get(pk, 0)), all_towns
    )
    return rows, CoverageRow(None, sum(r.enterprises for r in rows), sum(r.filed for r in rows))


# Quarterly statistics --------------------------------------------------------------------------------------------


def figure_expressions():
    """The quarterly figures as aggregates over hazards: for one enterprise, or grouped by enterprise."""
    general, major = Q(level=HazardLevel.GENERAL), Q(level=HazardLevel.MAJOR)
    rectified = Q(status__in=RECTIFIED_STATUSES)
    return {
        "general_found": Count("pk", filter=general),
        "general_rectified": Count("pk", filter=general & rectified),
        "major_found": Count("pk", filter=major),
        "major_rectified": Count("pk", filter=major & rectified),
        "funds": Coalesce(
            # Only what was spent: a negative amount stored before the limit never lowers the quarter's total.
            Sum("funds", filter=Q(funds__gt=0)),
            Value(Decimal("0")),
            output_field=DecimalField(max_digits=14, decimal_places=2),
        ),
    }


def statistics_figures(enterprise, year, quarter):
    """The quarter's figures counted from the enterprise's own hazards found in it: one query."""
    period = statistics_quarter(year, quarter)
    return Hazard.objects.filter(enterprise=enterprise, found_on__range=(period.start, period.end)).aggregate(
        **figure_expressions()
    )


@transaction.atomic
def statistics_submit(*, enterprise, year, quarter, note, actor):
    """File the quarter's hazard statistics: the figures are counted now and frozen."""
    if not permissions.is_own_enterprise(actor, enterprise):
        raise PermissionDenied("只能报送本单位的季度隐患统计。")
    if statistics_quarter(year, quarter).end >= timezone.localdate():
        raise ValidationError(f"{year}年第{quarter}季度尚未结束，季度结束后才能报送。")
    stat = QuarterlyStatistics(
        enterprise=enterprise,
        year=year,
        quarter=quarter,
        note=note.strip(),
        submitted_by=actor,
        submitted_at=timezone.now(),
        **statistics_figures(enterprise, year, quarter),
    )
    stat.full_clean()
    try:
        with transaction.atomic():
            stat.save()
    except IntegrityError:
        raise ValidationError(DUPLICATE_STATISTICS) from None
    return stat


@dataclass(frozen=True)
class FilingRow:
    town: object
    enterprises: int
    filed: int
    late: int

    @property
    def missing(self):
        return self.enterprises - self.filed


def statistics_filing(user, year, quarter, *, all_towns=False):
    """Per town: operating enterprises in scope, how many filed the quarter's statistics, how many of those late."""
    enterprises = visible_enterprises(user).operating()
    enterprise_counts = _by_town(enterprises.order_by().values("town").annotate(n=Count("pk")))
    filings = {
        row["enterprise__town"]: row
        for row in QuarterlyStatistics.objects.filter(
            year=year, quarter=quarter, enterprise__in=enterprises.values("pk")
        )
        .order_by()
        .values("enterprise__town")
        .annotate(filed=Count("pk"), late=Count("pk", filter=Q(submitted_at__gte=_late_after(Quarter(year, quarter)))))
    }

    def make_row(town, pk):
        filing = filings.get(pk, {})
        return FilingRow(town, enterprise_counts.get(pk, 0), filing.get("filed", 0), filing.get("late", 0))

    rows = _town_rows(enterprise_counts, make_row, all_towns)
    total = FilingRow(None, sum(r.enterprises for r in rows), sum(r.filed for r in rows), sum(r.late for r in rows))
    return rows, total


def not_filed(user, year, quarter):
    """Operating enterprises in scope that have not filed the quarter's statistics, by town then name."""
    filed = QuarterlyStatistics.objects.filter(year=year, quarter=quarter).values("enterprise")
    return (
        visible_enterprises(user)
        .operating()
        .exclude(pk__in=filed)
        .select_related("town")
        .order_by("town__code", "name", "pk")
    )
