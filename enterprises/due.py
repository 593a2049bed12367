"""The due list: enterprises whose last inspection is older than their grade allows (差别化监督检查)."""

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from enterprises.models import InspectionInterval, RiskGrade, Status


def due_filter(today=None, days_by_grade=None):
    """A Q for enterprises due for inspection on `today`: never inspected, or inspected too long ago."""
    today = today or timezone.localdate()
    days_by_grade = days_by_grade or InspectionInterval.days_by_grade()
    overdue = Q(last_inspected_on__isnull=True)
    for grade in RiskGrade:
        overdue |= Q(grade=grade, last_inspected_on__lt=today - timedelta(days=days_by_grade[grade]))
    # Ungraded enterprises are inspected at the blue interval until they are graded.
    overdue |= Q(grade="", last_inspected_on__lt=today - timedelta(days=days_by_grade[RiskGrade.BLUE]))
    return overdue & ~Q(status=Status.CLOSED)


def days_overdue(enterprise, today, days_by_grade):
    """Days past the date the next inspection was due; None when never inspected."""
    if enterprise.last_inspected_on is None:
        return None
    interval = days_by_grade.get(enterprise.grade or RiskGrade.BLUE)
    return (today - enterprise.last_inspected_on).days - interval
