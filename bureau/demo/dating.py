"""The demo dates its records on their days in the past; the portal itself always dates them now."""

from datetime import datetime, time

from django.utils import timezone

from inspections.enforcement.models import CaseEvent, Document


def at(day, hour=10, minute=0):
    """`day` at `hour`:`minute` in the portal's time zone."""
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def dated(document, day):
    """The document and the case step it made (its number in the step's note) carry the day of the step."""
    moment = at(day)
    Document.objects.filter(pk=document.pk).update(issued_at=moment)
    CaseEvent.objects.filter(case_id=document.case_id, note__contains=document.number).update(at=moment)
    return document
