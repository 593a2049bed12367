"""The due list: enterprises whose last inspection is older than their grade allows (差别化监督检查)."""

from datetime import timedelta

from django.db import connections
from django.db.models import Case, Count, DateField, ExpressionWrapper, F, Q, When
from django.utils import timezone

from enterprises.models import EnterpriseStatus, InspectionInterval, RiskGrade
from grids.models import GridCell


def due_filter(today=None, days_by_grade=None):
    """A Q for enterprises due for inspection on `today`: never inspected, or inspected too long ago."""
    today = today or timezone.localdate()
    days_by_grade = days_by_grade or InspectionInterval.days_by_grade()
    overdue = Q(last_inspected_on__isnull=True)
    for grade in RiskGrade:
        overdue |= Q(grade=grade, last_inspected_on__lt=today - timedelta(days=days_by_grade[grade]))
    # Ungraded enterprises are inspected at the blue interval until they are graded.
    overdue |= Q(grade="", last_inspected_on__lt=today - timedelta(days=days_by_grade[RiskGrade.BLUE]))
    return overdue & ~Q(status=EnterpriseStatus.CLOSED)


def with_next_due(queryset, days_by_grade):
    """Annotate `next_due`: the last inspection plus the grade's interval (null when never inspected)."""

    def due_after(days):
        return ExpressionWrapper(F("last_inspected_on") + timedelta(days=days), output_field=DateField())

    whens = [When(grade=grade, then=due_after(days_by_grade[grade])) for grade in RiskGrade]
    return queryset.annotate(next_due=Case(*whens, default=due_after(days_by_grade[RiskGrade.BLUE])))


def days_overdue(enterprise, today):
    """Days past the date the next inspection was due; None when never inspected."""
    next_due = enterprise.next_due
    if next_due is None:
        return None
    # PostgreSQL answers date + interval with a timestamp.
    return (today - (next_due.date() if hasattr(next_due, "date") else next_due)).days


def due_branches(today, days_by_grade):
    """[(Q, days)]: due_filter's enterprises as one range of the due indexes each (enterprises_due_*_idx), per grade
    never inspected and inspected before the grade's cutoff; `days` is the grade's interval."""
    branches = []
    for grade in [*RiskGrade, ""]:
        days = days_by_grade[grade or RiskGrade.BLUE]
        branches.append((Q(grade=grade, last_inspected_on__isnull=True), days))
        branches.append((Q(grade=grade, last_inspected_on__lt=today - timedelta(days=days)), days))
    return branches


def due_by_town(queryset, today, days_by_grade, counts=None):
    """[{town__name, town__code, town, n}] in the list's order (by town code, no town last): from `counts` ({town pk
    or None: n}, the summary rows' where they answer the list: enterprises/due_summary.py), else counted per branch
    from the count index alone; one query for the counts, one for the towns' names."""
    by_town = counts if counts is not None else _count_by_town(queryset, today, days_by_grade)
    towns = GridCell.objects.filter(pk__in=[t for t in by_town if t is not None]).order_by("code")
    rows = [{"town__name": t.name, "town__code": t.code, "town": t.pk, "n": by_town[t.pk]} for t in towns]
    if None in by_town:
        rows.append({"town__name": None, "town__code": None, "town": None, "n": by_town[None]})
    return rows


def _count_by_town(queryset, today, days_by_grade):
    queryset = queryset.exclude(status=EnterpriseStatus.CLOSED).order_by()
    counts = [queryset.filter(q).values("town").annotate(n=Count("*")) for q, _ in due_branches(today, days_by_grade)]
    by_town = {}
    for row in counts[0].union(*counts[1:], all=True):
        by_town[row["town"]] = by_town.get(row["town"], 0) + row["n"]
    return by_town


class DueRows:
    """The due list in its order (town code, never inspected first, then longest overdue, name), sliced by a
    paginator: a page reads, per town it covers, only the first rows of each branch from the page index."""

    def __init__(self, queryset, by_town, today, days_by_grade):
        self.queryset = queryset.exclude(status=EnterpriseStatus.CLOSED)
        self.by_town = by_town
        self.branches = due_branches(today, days_by_grade)
        self.days_by_grade = days_by_grade

    def __len__(self):
        return sum(row["n"] for row in self.by_town)

    def __getitem__(self, window):
        start, stop = window.start or 0, window.stop
        # One query whatever the number of towns the page spans: each town's part ordered and sliced on its own,
        # the parts in the towns' order.
        parts, params, before = [], [], 0
        for row in self.by_town:
            lo, hi = max(start - before, 0), min(stop - before, row["n"])
            if lo < hi:
                sql, part_params = self._town_rows(row["town"], lo, hi).query.sql_with_params()
                parts.append(f"SELECT {len(parts)} AS part, * FROM ({sql}) AS part{len(parts)}")
                params += part_params
            before += row["n"]
        if not parts:
            return []
        with connections[self.queryset.db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1, 3 ASC NULLS FIRST, 4", params)
            pks = [pk for _, pk, _, _ in cursor.fetchall()]
        found = with_next_due(self.queryset.select_related("town"), self.days_by_grade).in_bulk(pks)
        return [found[pk] for pk in pks]

    def _town_rows(self, town, lo, hi):
        """(pk, next_due, name) of a town's due enterprises lo to hi: each branch's first hi rows, merged."""
        town_rows = self.queryset.filter(town=town) if town is not None else self.queryset.filter(town__isnull=True)
        if not connections[town_rows.db].features.supports_slicing_ordering_in_compound:
            # SQLite (a developer's copy) takes no LIMIT inside a UNION: one sort of the town's due enterprises.
            due = Q()
            for q, _ in self.branches:
                due |= q
            ordered = with_next_due(town_rows.filter(due), self.days_by_grade)
            return ordered.order_by(F("next_due").asc(nulls_first=True), "name").values_list("pk", "next_due", "name")[
                lo:hi
            ]
        branches = [
            town_rows.filter(q)
            .annotate(next_due=ExpressionWrapper(F("last_inspected_on") + timedelta(days=days), DateField()))
            .order_by(F("last_inspected_on").asc(nulls_first=True), "name")
            .values_list("pk", "next_due", "name")[:hi]
            for q, days in self.branches
        ]
        return branches[0].union(*branches[1:], all=True).order_by(F("next_due").asc(nulls_first=True), "name")[lo:hi]
