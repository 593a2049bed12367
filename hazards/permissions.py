"""Who sees which hazard, and who may act on it. Hazards are scoped through their enterprise."""

from django.shortcuts import get_object_or_404

from bureau.roles import Role, is_bureau, role_of
from enterprises.permissions import enterprise_id_of, visible_enterprises
from grids.permissions import held_paths
from hazards.models import DeadlineExtension, Hazard, HazardPhoto, SelfCheck


def visible_hazards(user):
    if sees_every_hazard(user):
        return Hazard.objects.all()
    return Hazard.objects.filter(enterprise__in=visible_enterprises(user).values("pk"))


def sees_every_hazard(user):
    """Whether visible_hazards(user) is every hazard: then the hazards' summary rows answer its counts."""
    return is_bureau(user)


def get_hazard_for_user(user, pk):
    return get_object_or_404(visible_hazards(user), pk=pk)


def visible_self_checks(user):
    if is_bureau(user):
        return SelfCheck.objects.all()
    return SelfCheck.objects.filter(enterprise__in=visible_enterprises(user).values("pk"))


def is_own_enterprise(user, enterprise):
    return role_of(user) == Role.ENTERPRISE and enterprise_id_of(user) == enterprise.pk


def is_cell_officer(user, enterprise):
    """A grid officer holding a cell whose subtree holds the enterprise."""
    paths = held_paths(user)  # () for every other role, without a query
    return bool(paths) and enterprise.grid_cell.path.startswith(paths)


def can_report_for(user, enterprise):
    """An enterprise reports its own hazards; inspectors and staff report for any they see."""
    return is_own_enterprise(user, enterprise) or role_of(user) in (Role.INSPECTOR, Role.STAFF)


def can_verify(user, enterprise):
    """Closing (销号) and sending back: an inspector, or the grid officer of the enterprise's cell."""
    return role_of(user) == Role.INSPECTOR or is_cell_officer(user, enterprise)


def can_chase(user, enterprise):
    """Chasing (催办) an enterprise's open hazards, and seeing its contact phone to chase by phone: the grid officer
    of its cell, inspectors and staff — those who answer for its rectification. Not admins (they run the system,
    they do not supervise), not the enterprise itself."""
    return role_of(user) in (Role.INSPECTOR, Role.STAFF) or is_cell_officer(user, enterprise)


def can_decide_extension(user):
    return role_of(user) in (Role.STAFF, Role.INSPECTOR)


def visible_extensions(user):
    """Deadline extension requests of the hazards the user sees: another enterprise's request is a 404."""
    return DeadlineExtension.objects.filter(hazard__in=visible_hazards(user).values("pk"))


def visible_photos(user):
    return HazardPhoto.objects.filter(hazard__in=visible_hazards(user).values("pk"))


def can_report(user):
    """Who reports hazards at all: an enterprise (its own), inspectors and staff (see can_report_for)."""
    return role_of(user) in (Role.ENTERPRISE, Role.INSPECTOR, Role.STAFF)


def can_oversee_self_checks(user):
    """Who reads the self-check and statistics overviews: the bureau and grid officers."""
    return is_bureau(user) or role_of(user) == Role.GRID_OFFICER
