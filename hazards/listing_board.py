"""The major hazards board (/major-hazards/): open major hazards by town and by industry — listed or not, and how
long since found — and a 12-month trend. Every number is a registered figure (hazards.listing_figures), narrowed
for a cell by adding its town or industry to the same list's filters; the whole board is four queries for the bureau
(its tables and its trend summed from summary rows, hazards.major_summary and hazards.trend_summary), three for a
grid officer."""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.utils import timezone

from bureau.figures import REGISTRY, Period, Shown, count_values, no_period, shown
from bureau.fixed_urls import fixed_url
from enterprises.models import Industry
from grids.models import GridCell
from hazards import major_summary, trend_summary
from hazards.listing_figures import AGE_BUCKETS, MAJOR, OPEN_MAJOR, age_q
from hazards.permissions import sees_every_hazard, visible_hazards

# The columns of both tables: (figure key, column heading).
COLUMNS = [
    ("major_hazards.open", "未销号"),
    ("major_hazards.open_listed", "已挂牌"),
    ("major_hazards.open_unlisted", "未挂牌"),
    *((f"major_hazards.age_{bucket}", label) for bucket, label, *_ in AGE_BUCKETS),
]
TREND = ["major_hazards.open_at_end", "major_hazards.found", "major_hazards.closed"]
TREND_OF_ROWS = ("major_hazards.found", "major_hazards.closed", "major_hazards.open_at_end")  # trend_values' order
SUMMARY = ["major_hazards.open", "major_hazards.listed", "major_hazards.listing_overdue"]
LISTING_FIGURES = ["major_hazards.listed", "major_hazards.listing_overdue"]


def narrowed(key, value, period, **extra):
    """Figure `key` with `value` for a part of the board: its list, with the part's own filter(s) added."""
    figure = REGISTRY[key]
    params = {**figure.list_params(period), **extra}
    return Shown(figure, value, str(value), f"{fixed_url(figure.list_name)}?{urlencode(params)}")


@dataclass
class Row:
    label: str
    cells: list  # [Shown] in COLUMNS order


def _rows(groups, period, param, labels):
    rows = []
    for code, values in groups.items():
        cells = [narrowed(key, values[key], period, **{param: code}) for key, _ in COLUMNS]
        rows.append(Row(labels.get(code, code), cells))
    return rows


def grouped(user, period):
    """[(town code, town name, industry, {figure key: value})]: the open major hazards of what `user` sees, by their
    enterprise's town and industry, in one query for a grid officer and two for the bureau."""
    if sees_every_hazard(user):
        return _grouped_from_rows()
    aggregates = {key: Count("pk", filter=REGISTRY[key].where(period)) for key, _ in COLUMNS}
    rows = (
        visible_hazards(user)
        .filter(OPEN_MAJOR)
        .order_by()
        .values_list("enterprise__town__code", "enterprise__town__name", "enterprise__industry")
        .annotate(**aggregates)
    )
    return [
        (code, name, industry, dict(zip(aggregates, values, strict=True))) for code, name, industry, *values in rows
    ]


def _grouped_from_rows():
    """The bureau's (every hazard): summed from the summary rows of open major hazards (hazards.major_summary), each
    age bucket the range of days found of the figure's own condition; then the towns' codes and names."""
    today = timezone.localdate()
    sums = {"major_hazards.open": Q(), **{f"major_hazards.age_{b}": age_q(b, today) for b, *_ in AGE_BUCKETS}}
    groups = major_summary.grouped(sums, "major_hazards.open_listed")
    # Every town (a few dozen rows), not only those in the groups: the page takes as many queries with no open major
    # hazard as with many.
    towns = {
        pk: (code, name) for pk, code, name in GridCell.objects.towns().order_by().values_list("pk", "code", "name")
    }
    result = []
    for (town, industry), values in groups.items():
        values["major_hazards.open_unlisted"] = values["major_hazards.open"] - values["major_hazards.open_listed"]
        result.append((*towns.get(town, (None, None)), industry, values))
    return result


def tables(groups, period):
    """(by town, by industry) from `grouped`'s groups: each town's and each industry's sums."""
    by_town, by_industry, towns = {}, {}, {}
    for town, name, industry, values in groups:
        towns[town] = name
        for sums_by, code in ((by_town, town), (by_industry, industry)):
            sums = sums_by.setdefault(code, dict.fromkeys(values, 0))
            for key, value in values.items():
                sums[key] += value
    town_rows = _rows(dict(sorted(by_town.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))), period, "town", towns)
    industries = dict(Industry.choices)
    industry_rows = _rows(
        dict(sorted(by_industry.items(), key=lambda kv: -kv[1]["major_hazards.open"])), period, "industry", industries
    )
    return town_rows, industry_rows


def months(today, count=12):
    """The last `count` months up to this one, oldest first, each a Period (this month ends today)."""
    periods = []
    year, month = today.year, today.month
    for _ in range(count):
        start = date(year, month, 1)
        end = min(date(year, month, monthrange(year, month)[1]), today)
        periods.append(Period(start, end))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return periods[::-1]


@dataclass
class Month:
    period: Period
    open_at_end: Shown
    found: Shown
    closed: Shown

    @property
    def cells(self):
        return [self.open_at_end, self.found, self.closed]


def trend(user, today):
    """The 12 months' open-at-month-end, found and closed major hazards, in one aggregate query: for the bureau
    summed from the rows of major hazards by day found and day closed (hazards.trend_summary), for a grid officer
    counted over the major hazards they see (the partial index of major hazards, not every hazard)."""
    periods = months(today)
    if sees_every_hazard(user):
        values = trend_summary.trend_values(periods, *TREND_OF_ROWS)
    else:
        aggregates = {
            f"{key}:{i}": Count("pk", filter=REGISTRY[key].where(period))
            for i, period in enumerate(periods)
            for key in TREND
        }
        values = visible_hazards(user).filter(MAJOR).order_by().aggregate(**aggregates)
    result = []
    for i, period in enumerate(periods):
        cells = [narrowed(key, values[f"{key}:{i}"], period) for key in TREND]
        result.append(Month(period, *cells))
    return result


def board(user):
    today = timezone.localdate()
    period = no_period()
    groups = grouped(user, period)
    by_town, by_industry = tables(groups, period)
    # The totals row and the summary's open count: every open major hazard the user sees is in one group, so they
    # are the groups' sums; then one query for the listings.
    values = {key: sum(group[key] for *_, group in groups) for key, _ in COLUMNS}
    values.update(count_values(LISTING_FIGURES, user, period))
    summary = shown(SUMMARY, values, period)
    keys = list(dict.fromkeys([*SUMMARY, *(key for key, _ in COLUMNS), *TREND]))
    return {
        "summary": summary,
        "columns": [label for _, label in COLUMNS],
        "tables": [
            ("按镇街", by_town, "镇街", "by-town"),
            ("按行业", by_industry, "行业", "by-industry"),
        ],
        "totals": shown([key for key, _ in COLUMNS], values, period),
        "trend": trend(user, today),
        "trend_figures": [REGISTRY[key] for key in TREND],
        "all_figures": [REGISTRY[key] for key in keys],
    }
