"""Which grid cells a user may see, and who may change who is responsible for them."""

from django.shortcuts import get_object_or_404

from bureau.accounts.roles import Role, role_of
from grids.models import GridCell


def scope_root(user):
    """The top cell of what the user sees: the city for the bureau, their own cell for a grid officer."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR):
        return GridCell.objects.filter(level=1).first()
    if role == Role.GRID_OFFICER:
        profile = getattr(user, "profile", None)
        return profile.grid_cell if profile else None
    return None


def visible_cells(user):
    role = role_of(user)
    if role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR):
        return GridCell.objects.all()
    root = scope_root(user) if role == Role.GRID_OFFICER else None
    return GridCell.objects.subtree(root) if root else GridCell.objects.none()


def get_cell_for_user(user, code):
    return get_object_or_404(visible_cells(user), code=code)


def can_assign(user):
    return role_of(user) == Role.ADMIN


def can_see_coverage(user):
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_edit_cells(user):
    """Adding, renaming and moving cells (in the Django admin): admins only."""
    return role_of(user) == Role.ADMIN
