"""Who sees which accident (through its enterprise: enterprises.permissions.visible_enterprises) and who may act.
Follow-ups name people: the bureau's only."""

from django.shortcuts import get_object_or_404

from bureau.roles import Role, is_bureau, role_of
from enterprises.permissions import visible_enterprises
from inspections.accidents.models import Accident, Accountability


def can_record_accidents(user):
    """Reports, casualty changes and investigations: bureau staff and inspectors."""
    return role_of(user) in (Role.STAFF, Role.INSPECTOR)


def can_approve_investigations(user):
    """The person in charge who approves an investigation report or its extension: staff and admins; the service
    also refuses the drafter (as inspections.enforcement.approval does)."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_see_follow_ups(user):
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)


def can_record_follow_ups(user):
    return role_of(user) == Role.STAFF


def can_see_accidents(user):
    return role_of(user) is not None


def visible_accidents(user):
    accidents = Accident.objects.all()
    if is_bureau(user):
        return accidents
    return accidents.filter(enterprise__in=visible_enterprises(user).values("pk"))


def get_accident_for_user(user, pk):
    return get_object_or_404(visible_accidents(user), pk=pk)


def visible_follow_ups(user):
    return Accountability.objects.all() if can_see_follow_ups(user) else Accountability.objects.none()


def get_follow_up_for_user(user, pk):
    return get_object_or_404(visible_follow_ups(user), pk=pk)
