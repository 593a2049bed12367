from celery import shared_task
from django.utils import timezone

from inspections.accidents.deadlines import investigation_deadline_notices
from inspections.enforcement.deadline_notices import case_deadline_notices


@shared_task
def notify_case_deadlines():
    """Daily (CELERY_BEAT_SCHEDULE, 07:05): the case deadline notices for today; returns the counts created."""
    return case_deadline_notices(timezone.localdate())


@shared_task
def notify_investigation_deadlines():
    """Daily (CELERY_BEAT_SCHEDULE, 07:10): accident investigation reports due within a week or past due."""
    return investigation_deadline_notices(timezone.localdate())
