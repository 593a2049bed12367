"""TEMPORARY stub until the sources register lands (listsb)."""

from django.db.models import Exists, OuterRef, Q

from enterprises.models import MajorHazardSource


def unit_in_state(state):
    control = MajorHazardSource.ControlSystem
    sources = MajorHazardSource.objects.filter(enterprise=OuterRef("pk"))
    if state == control.ACCEPTED:
        return Q(Exists(sources)) & ~Q(Exists(sources.exclude(control_system=control.ACCEPTED)))
    if state == control.INSTALLING:
        return Q(Exists(sources.filter(control_system=control.INSTALLING))) & ~Q(
            Exists(sources.filter(control_system=control.NONE))
        )
    return Q(Exists(sources.filter(control_system=control.NONE)))
