"""Who sees which enterprise: the one place every list and lookup asks."""

from django.shortcuts import get_object_or_404

from bureau.accounts.roles import Role, role_of
from bureau.accounts.services import profile_of
from enterprises.models import Enterprise


def visible_enterprises(user):
    """Enterprises the user may see: all for the bureau, a subtree for a grid officer, its own for an enterprise."""
    role = role_of(user)
    qs = Enterprise.objects.all()
    if role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR):
        return qs
    profile = profile_of(user)
    if role == Role.GRID_OFFICER and profile and profile.grid_cell_id:
        return qs.filter(grid_cell__path__startswith=profile.grid_cell.path)
    if role == Role.ENTERPRISE and profile and profile.enterprise_id:
        return qs.filter(pk=profile.enterprise_id)
    return qs.none()


def get_enterprise_for_user(user, pk):
    """The enterprise if the user may see it; otherwise a 404, so nothing leaks."""
    return get_object_or_404(visible_enterprises(user), pk=pk)
