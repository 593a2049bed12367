from datetime import datetime, time, timedelta

from django.utils import timezone

from inspections.accidents.services import accident_report


def at(day, hour=9, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def report(enterprise, actor, *, occurred_at=None, **fields):
    occurred_at = occurred_at or timezone.now().replace(second=0, microsecond=0) - timedelta(days=2)
    return accident_report(
        enterprise=enterprise,
        occurred_at=occurred_at,
        kind=fields.pop("kind", "machinery"),
        summary=fields.pop("summary", "冲床压伤手指"),
        actor=actor,
        **fields,
    )
