from celery import shared_task
from django.utils import timezone

from hazards.listing_notices import listing_deadline_notices
from hazards.notices import hazard_deadline_notices


@shared_task
def notify_hazard_deadlines():
    """Daily (CELERY_BEAT_SCHEDULE, 07:00): the deadline notices for today; returns the counts created."""
    return hazard_deadline_notices(timezone.localdate())


@shared_task
def notify_listing_deadlines():
    """Daily (CELERY_BEAT_SCHEDULE, 07:02): the listed supervision (挂牌督办) deadline notices for today."""
    return listing_deadline_notices(timezone.localdate())
