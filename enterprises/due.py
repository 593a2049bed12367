"""The due list: enterprises whose last inspection is older than their grade allows (差别化监督检查)."""

from datetime import timedelta

from django.db.models import Case, DateField, ExpressionWrapper, F, Q, When
from django.utils import timezone

from enterprises.models import EnterpriseStatus, InspectionInterval, RiskGrade


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
