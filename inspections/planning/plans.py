"""What a yearly plan comes to: its planned inspections by group, month and town (from the registry, or as written
when it was approved), whether the officers' capacity covers each month, and progress counted from inspections.

Key inspections (重点检查) visit each enterprise at its grade's interval (enterprises.InspectionInterval, the due
list's intervals): an interval of d days is round(365 / d) visits a year (1 to 12), spread evenly over the months.
General inspections (一般检查) draw the ratio of the group in each listed month; the city's count is the draw's
(algorithm.draw_size) and is shared among the towns by largest remainder, so the towns add up to it.
"""

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Case, CharField, Sum, Value, When

from enterprises.models import EnterpriseCount, EnterpriseStatus, InspectionInterval, RiskGrade
from grids.models import GridCell
from inspections.inspection.models import InspectionKind
from inspections.planning import algorithm
from inspections.planning.done_models import InspectionCount
from inspections.planning.plan_models import PlanGroup, PlanMethod, PlanStatus
from inspections.planning.pool import roster_credentials

MONTHS = list(range(1, 13))
# The kind of inspection that counts as done for each method.
KIND_OF_METHOD = {PlanMethod.KEY: InspectionKind.ROUTINE, PlanMethod.GENERAL: InspectionKind.RANDOM}


def group_of(prefix=""):
    """The enterprise's plan group as an expression (key supervision first, then the grade)."""
    whens = [When(**{f"{prefix}key_supervision": True}, then=Value(PlanGroup.KEY_SUPERVISION))]
    whens += [When(**{f"{prefix}grade": grade}, then=Value(grade)) for grade in RiskGrade]
    return Case(*whens, default=Value(PlanGroup.UNGRADED), output_field=CharField())


def visits_per_year(days):
    return max(1, min(12, round(365 / days)))


def visit_months(days):
    """The months of a key enterprise's visits: evenly spread, starting in January."""
    visits = visits_per_year(days)
    return sorted({1 + (i * 12) // visits for i in range(visits)})


def apportion(total, weights):
    """`total` shared in proportion to `weights` ({key: weight}), by largest remainder: the shares add up."""
    whole = sum(weights.values())
    if not whole:
        return {}
    exact = {key: Fraction(total * weight, whole) for key, weight in weights.items()}
    shares = {key: int(value) for key, value in exact.items()}
    left = total - sum(shares.values())
    # Ties broken by the key, so the same registry always gives the same shares.
    for key in sorted(exact, key=lambda k: (-(exact[k] - shares[k]), str(k)))[:left]:
        shares[key] += 1
    return shares


def _group(key_supervision, grade):
    """group_of() for one enterprise's columns."""
    if key_supervision:
        return PlanGroup.KEY_SUPERVISION
    return grade if grade in RiskGrade.values else PlanGroup.UNGRADED


def _registry():
    """(group, grade, town id) -> operating enterprises, from the registry's summary rows (enterprises/summary.py:
    a few hundred rows keyed by town, grade, status and key supervision) instead of grouping every enterprise."""
    rows = (
        EnterpriseCount.objects.exclude(status=EnterpriseStatus.CLOSED)
        .values_list("key_supervision", "grade", "town_key")
        .annotate(total=Sum("n"))
        .order_by()
    )
    registry = Counter()
    for key_supervision, grade, town, n in rows:
        if n:
            registry[(_group(key_supervision, grade), grade, town or None)] += n
    return dict(registry)


def compute_counts(lines):
    """{(group, method, month, town id): planned} for the plan's lines, from the registry as it stands."""
    registry = _registry()
    days = InspectionInterval.days_by_grade()
    counts = Counter()
    for line in lines:
        mine = {key: n for key, n in registry.items() if key[0] == line.group}
        if line.method == PlanMethod.KEY:
            for (_, grade, town), n in mine.items():
                for month in visit_months(days.get(grade) or days[RiskGrade.BLUE]):
                    counts[(line.group, line.method, month, town)] += n
        elif line.method == PlanMethod.GENERAL and line.ratio_percent:
            by_town = Counter()
            for (_, _, town), n in mine.items():
                by_town[town] += n
            size = algorithm.draw_size(sum(by_town.values()), ratio_percent=line.ratio_percent)
            for town, share in apportion(size, by_town).items():
                for month in line.months:
                    if share:
                        counts[(line.group, line.method, month, town)] += share
    return counts


@dataclass
class PlanFigures:
    """A plan's counts: planned (and done) by month, town and group, with the capacity per month."""

    planned: Counter
    done: Counter = field(default_factory=Counter)
    officers: int = 0
    capacity_per_officer: int = 0

    def _by(self, counter, index):
        totals = Counter()
        for key, n in counter.items():
            totals[key[index]] += n
        return totals

    @property
    def total(self):
        return sum(self.planned.values())

    @property
    def done_total(self):
        return sum(self.done.values())

    @property
    def capacity(self):
        return self.officers * self.capacity_per_officer

    def months(self):
        planned, done = self._by(self.planned, 2), self._by(self.done, 2)
        return [
            {"month": m, "planned": planned[m], "done": done[m], "covered": planned[m] <= self.capacity} for m in MONTHS
        ]

    def towns(self):
        planned, done = self._by(self.planned, 3), self._by(self.done, 3)
        names = dict(GridCell.objects.filter(pk__in=[t for t in planned | done if t]).values_list("pk", "name"))
        keys = sorted(planned.keys() | done.keys(), key=lambda t: (t is None, names.get(t, "")))
        return [{"name": names.get(t, "未定镇街"), "planned": planned[t], "done": done[t]} for t in keys]

    def groups(self):
        planned, done = self._by(self.planned, 0), self._by(self.done, 0)
        return [
            {"label": label, "planned": planned[group], "done": done[group]}
            for group, label in PlanGroup.choices
            if planned[group] or done[group]
        ]

    def uncovered_months(self):
        return [row["month"] for row in self.months() if not row["covered"]]


def planned_counts(plan):
    """The plan's planned counts: as written at approval, or (a draft) from the registry now."""
    if plan.status == PlanStatus.DRAFT:
        return compute_counts(plan.lines.all())
    rows = plan.counts.values_list("group", "method", "month", "town_id", "planned")
    return Counter({(g, m, month, town): n for g, m, month, town, n in rows})


def done_counts(plan):
    """{(group, method, month, town id): inspections} of the plan's year whose kind is the one its group's method
    plans (a routine inspection of a key group, a random one of a drawn group), each under its enterprise's current
    group and town: read from the summary rows (done_summary.py), at most 12 months × 2 kinds × 6 groups × the towns,
    instead of joining the year's inspections to their enterprises."""
    methods = {line.group: line.method for line in plan.lines.all()}
    rows = (
        InspectionCount.objects.filter(month_key__gte=f"{plan.year:04d}-01", month_key__lte=f"{plan.year:04d}-12")
        .exclude(n=0)
        .values_list("plan_group", "kind", "month_key", "town_key", "n")
    )
    done = Counter()
    for group, kind, month_key, town, n in rows:
        method = methods.get(group)
        if method in KIND_OF_METHOD and KIND_OF_METHOD[method] == kind:
            done[(group, method, int(month_key[5:]), town or None)] += n
    return done


def plan_figures(plan):
    officers = plan.officers if plan.officers is not None else roster_credentials().count()
    return PlanFigures(planned_counts(plan), done_counts(plan), officers, plan.capacity_per_officer)
