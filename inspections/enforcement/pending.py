"""Rectification orders still awaiting the enterprise's rectification: the to-do lists of the homes and the
document register's 整改情况 filter select them with these conditions, so a home's list and its full list agree."""

from django.db.models import Exists, OuterRef, Q

from hazards.models import Hazard, HazardStatus
from inspections.enforcement.specs import DocumentKind

UNRECTIFIED = (HazardStatus.REPORTED, HazardStatus.RECTIFYING)


def awaiting_rectification_q():
    """A current (not superseded) rectification order listing at least one hazard not yet rectified. An order that
    lists no hazard awaits nothing the portal can see."""
    unrectified = Hazard.objects.filter(documents=OuterRef("pk"), status__in=UNRECTIFIED)
    return Q(kind=DocumentKind.RECTIFICATION_ORDER, superseded_by__isnull=True) & Q(Exists(unrectified))


def past_deadline_q(today):
    """Awaiting rectification and its deadline has passed (逾期未整改)."""
    return awaiting_rectification_q() & Q(deadline__lt=today)
