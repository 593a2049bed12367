"""Who sees which enterprise, and who may change what: the one place every view asks."""

from django.shortcuts import get_object_or_404

from bureau.roles import Role, role_of
from enterprises.models import Enterprise, EnterpriseMembership
from grids.permissions import held_paths, in_subtrees


def membership_of(user):
    """The enterprise user's membership, or None. Read once per user object: the reverse one-to-one keeps it, even
    when there is none, so asking again in the same request costs no query."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.enterprise_membership
    except EnterpriseMembership.DoesNotExist:
        return None


def enterprise_id_of(user):
    """The id of the enterprise a user belongs to (enterprise users), else None."""
    membership = membership_of(user)
    return membership.enterprise_id if membership else None


def enterprise_of(user):
    """The enterprise a user belongs to (enterprise users), else None."""
    membership = membership_of(user)
    return membership.enterprise if membership else None


def visible_enterprises(user):
    """Enterprises the user may see: all for the bureau, the subtrees of the cells a grid officer holds, its own for an
    enterprise."""
    role = role_of(user)
    qs = Enterprise.objects.all()
    if sees_whole_registry(user):
        return qs
    if role == Role.GRID_OFFICER and (paths := held_paths(user)):
        return qs.filter(in_subtrees(paths, "grid_cell__path"))
    if role == Role.ENTERPRISE and (own := enterprise_id_of(user)):
        return qs.filter(pk=own)
    return qs.none()


def sees_whole_registry(user):
    """Whether visible_enterprises(user) is every enterprise: then the registry's summary rows answer its counts."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)


def registry_scope(user):
    """Names what the registry list shows this user, for its cache: users with the same scope see the same list.
    Decided here, beside visible_enterprises, so the two cannot drift apart."""
    role = role_of(user)
    if role == Role.GRID_OFFICER:
        return f"{role}:{','.join(held_paths(user)) or '-'}"
    return str(role)


def get_enterprise_for_user(user, pk):
    """The enterprise if the user may see it; otherwise a 404, so nothing leaks. Its cell and town come along:
    the pages that look one up show both."""
    return get_object_or_404(visible_enterprises(user).select_related("grid_cell", "town"), pk=pk)


def can_register(user):
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_grade(user):
    return role_of(user) in (Role.STAFF, Role.INSPECTOR)


def can_edit_contact(user, enterprise):
    role = role_of(user)
    if role == Role.ENTERPRISE:
        return enterprise_id_of(user) == enterprise.pk
    return role in (Role.ADMIN, Role.STAFF)


def can_register_sources(user):
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)


def can_see_registry(user):
    """The registry list and exports are for the bureau and grid officers, not for enterprise users."""
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR, Role.GRID_OFFICER)


def can_set_intervals(user):
    """How many days may pass between inspections, per grade: bureau staff and admins."""
    return role_of(user) in (Role.STAFF, Role.ADMIN)
