"""Each indicator's raw value per town for a quarter, in a fixed number of set-based queries.

Each is the `compute` of a rule's entry in registry.py and returns {town_id: (value, inputs)}: `value` is what
the indicator measures, `inputs` the counts it came from (stored with the ranking, so the page can explain each
figure). Dates are the quarter's, so recomputing an old quarter reads the same records the same way.
"""

from datetime import date, timedelta

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from enterprises.models import Enterprise, EnterpriseStatus, GradeChange, InspectionInterval, RiskGrade
from grids.models import GridAssignment, GridCell
from hazards.models import Hazard, HazardLevel, HazardStatus, QuarterlyStatistics, SelfCheck
from hazards.self_checks import statistics_due_date
from inspections.accidents.models import Accident
from inspections.campaigns.models import CampaignTarget
from inspections.inspection.models import Inspection


def _ratio(part, whole):
    """A share in [0, 1]; with nothing to do, the town has done all of it."""
    return round(part / whole, 4) if whole else 1


def _by_town(rows, value):
    return {row["town"]: (value(row), {k: v for k, v in row.items() if k != "town"}) for row in rows}


def _enterprises(towns):
    return _in_towns(Enterprise.objects.exclude(status=EnterpriseStatus.CLOSED), towns, "town")


def _in_towns(queryset, towns, field):
    """Only the given towns (ids), or all of them when `towns` is None: one task per town splits a ranking."""
    return queryset if towns is None else queryset.filter(**{f"{field}__in": towns})


def inspections_due(quarter, towns=None):
    """Of the enterprises due for inspection during the quarter by their grade, the share inspected in it.

    Due: never inspected before the quarter, or the last inspection before it plus the interval of the grade in
    force at the quarter's end falls within it — that is, the last inspection is on or before the grade's
    threshold, the quarter's end less the interval (a never-inspected enterprise counts as inspected long ago).
    Each enterprise's grade, last inspection and visit are one subquery apiece, and the rows are grouped by
    (town, due, inspected): a fixed handful of subplans, whatever the size of the registry.
    """
    days = InspectionInterval.days_by_grade()

    def threshold(grade):
        return Value(quarter.end - timedelta(days=days[grade]), output_field=DateField())

    # The threshold of the grade in force at the quarter's end, worked out inside the grade's own subquery.
    threshold_then = Coalesce(
        Subquery(
            GradeChange.objects.filter(enterprise=OuterRef("pk"), effective_date__lte=quarter.end)
            .order_by("-effective_date", "-id")
            .annotate(
                threshold=Case(
                    *[When(grade=g, then=threshold(g)) for g in RiskGrade],
                    default=Value(date.min),
                    output_field=DateField(),
                )
            )
            .values("threshold")[:1]
        ),
        threshold(RiskGrade.BLUE),
    )
    last_before = Coalesce(
        Subquery(
            Inspection.objects.filter(enterprise=OuterRef("pk"), date__lt=quarter.start)
            .order_by("-date")
            .values("date")[:1]
        ),
        Value(date.min),
        output_field=DateField(),
    )
    inspected = Exists(Inspection.objects.filter(enterprise=OuterRef("pk"), date__range=(quarter.start, quarter.end)))
    rows = (
        _enterprises(towns)
        .annotate(last_before=last_before, threshold_then=threshold_then)
        .annotate(is_due=ExpressionWrapper(Q(last_before__lte=F("threshold_then")), output_field=BooleanField()))
        .annotate(inspected=inspected)
        .values("town", "is_due", "inspected")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        town = counts.setdefault(row["town"], {"town": row["town"], "due": 0, "done": 0})
        if row["is_due"]:
            town["due"] += row["n"]
            town["done"] += row["n"] if row["inspected"] else 0
    return _by_town(counts.values(), lambda r: _ratio(r["done"], r["due"]))


def rectification_rate(quarter, towns=None):
    """Of the hazards found in the quarter, the share closed (销号) by its end."""
    rows = (
        _in_towns(Hazard.objects.filter(found_on__range=(quarter.start, quarter.end)), towns, "enterprise__town")
        .values(town=F("enterprise__town"))
        .annotate(
            found=Count("pk"),
            closed=Count("pk", filter=Q(status=HazardStatus.CLOSED, closed_at__date__lte=quarter.end)),
        )
        .order_by()
    )
    return _by_town(rows, lambda r: _ratio(r["closed"], r["found"]))


def overdue_hazards(quarter, towns=None):
    """Hazards past their deadline and not closed at the quarter's end, general and major counted apart."""
    not_closed_then = Q(closed_at__isnull=True) | Q(closed_at__date__gt=quarter.end)
    rows = (
        _in_towns(
            Hazard.objects.filter(found_on__lte=quarter.end, rectification_deadline__lt=quarter.end),
            towns,
            "enterprise__town",
        )
        .filter(not_closed_then)
        .values(town=F("enterprise__town"))
        .annotate(
            general=Count("pk", filter=~Q(level=HazardLevel.MAJOR)),
            major=Count("pk", filter=Q(level=HazardLevel.MAJOR)),
        )
        .order_by()
    )
    return _by_town(rows, lambda r: r["general"] + r["major"])


def self_check_coverage(quarter, towns=None):
    """The share of the town's enterprises that filed a self-check for a month of the quarter."""
    checked = Exists(SelfCheck.objects.filter(enterprise=OuterRef("pk"), year=quarter.year, month__in=quarter.months))
    rows = (
        _enterprises(towns)
        .annotate(checked=checked)
        .values("town")
        .annotate(enterprises=Count("pk"), checked=Count("pk", filter=Q(checked=True)))
        .order_by()
    )
    return _by_town(rows, lambda r: _ratio(r["checked"], r["enterprises"]))


def statistics_on_time(quarter, towns=None):
    """The share of enterprises that filed the previous quarter's statistics by their due day (the 15th of the
    quarter's first month): the filing that falls due within this quarter."""
    previous = quarter.previous()
    due = statistics_due_date(previous)  # as the statistics pages judge it
    on_time = Exists(
        QuarterlyStatistics.objects.filter(
            enterprise=OuterRef("pk"), year=previous.year, quarter=previous.number, submitted_at__date__lte=due
        )
    )
    rows = (
        _enterprises(towns)
        .annotate(on_time=on_time)
        .values("town")
        .annotate(enterprises=Count("pk"), on_time=Count("pk", filter=Q(on_time=True)))
        .order_by()
    )
    return _by_town(rows, lambda r: _ratio(r["on_time"], r["enterprises"]))


def grid_coverage(quarter, towns=None):
    """The share of the town's grid cells with a 责任人 in office at the quarter's end."""
    in_office = Exists(
        GridAssignment.objects.responsible()
        .filter(cell=OuterRef("pk"), start_date__lte=quarter.end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=quarter.end))
    )
    cells = _in_towns(GridCell.objects.towns(), towns, "pk")
    towns = list(cells)
    aggregates = {}
    for town in towns:
        aggregates[f"cells_{town.pk}"] = Count("pk", filter=Q(path__startswith=town.path))
        aggregates[f"covered_{town.pk}"] = Count("pk", filter=Q(path__startswith=town.path, covered=True))
    row = GridCell.objects.annotate(covered=in_office).aggregate(**aggregates) if towns else {}
    return {
        town.pk: (
            _ratio(row[f"covered_{town.pk}"], row[f"cells_{town.pk}"]),
            {"cells": row[f"cells_{town.pk}"], "covered": row[f"covered_{town.pk}"]},
        )
        for town in towns
    }


def campaign_progress(quarter, towns=None):
    """For campaigns in force during the quarter, how far the town's targets got by its end: half for being
    surveyed, half for being completed."""
    rows = (
        _in_towns(
            CampaignTarget.objects.filter(campaign__start_date__lte=quarter.end, campaign__end_date__gte=quarter.start),
            towns,
            "enterprise__town",
        )
        .values(town=F("enterprise__town"))
        .annotate(
            targets=Count("pk"),
            surveyed=Count("pk", filter=Q(surveyed_on__lte=quarter.end)),
            completed=Count("pk", filter=Q(completed_on__lte=quarter.end)),
        )
        .order_by()
    )
    return _by_town(rows, lambda r: _ratio(r["surveyed"] + r["completed"], 2 * r["targets"]))


def accidents(quarter, towns=None):
    rows = (
        _in_towns(Accident.objects.filter(date__range=(quarter.start, quarter.end)), towns, "enterprise__town")
        .values(town=F("enterprise__town"))
        .annotate(accidents=Count("pk"), deaths=Coalesce(Sum("deaths"), 0))
        .order_by()
    )
    return _by_town(rows, lambda r: r["accidents"])
