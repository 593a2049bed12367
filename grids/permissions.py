"""Which grid cells a user may see, and who may change who is responsible for them."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from bureau.roles import Role, role_of
from grids.models import GridAssignment, GridCell


def held_paths(user):
    """The paths of the cells a grid officer holds today (current GridAssignments, 责任人 and 网格员 alike), sorted,
    a cell under another held one left out; () for everyone else. Read once per user object, like role_of, so a
    request asking again costs no query."""
    if role_of(user) != Role.GRID_OFFICER:
        return ()
    if "_held_paths" not in user.__dict__:
        paths = GridAssignment.objects.current().filter(user=user).values_list("cell__path", flat=True)
        kept: list[str] = []
        for path in sorted(set(paths)):
            if not kept or not path.startswith(kept[-1]):
                kept.append(path)
        user.__dict__["_held_paths"] = tuple(kept)
    return user.__dict__["_held_paths"]


def in_subtrees(paths, lookup="path"):
    """A Q matching the rows whose `lookup` lies in the subtree of any of `paths` (one indexed prefix per path);
    callers give up (`.none()`) when there are no paths."""
    q = Q()
    for path in paths:
        q |= Q(**{f"{lookup}__startswith": path})
    return q


def scope_roots(user):
    """The top cells of what the user sees: the city for the bureau, the cells a grid officer holds."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR):
        return list(GridCell.objects.filter(level=1)[:1])
    paths = held_paths(user)
    return list(GridCell.objects.filter(path__in=paths).order_by("path")) if paths else []


def visible_cells(user):
    role = role_of(user)
    if role in (Role.ADMIN, Role.STAFF, Role.INSPECTOR):
        return GridCell.objects.all()
    paths = held_paths(user)
    return GridCell.objects.filter(in_subtrees(paths)) if paths else GridCell.objects.none()


def get_cell_for_user(user, code):
    return get_object_or_404(visible_cells(user), code=code)


def can_assign(user):
    return role_of(user) == Role.ADMIN


def can_see_coverage(user):
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def can_edit_cells(user):
    """Adding, renaming and moving cells (in the Django admin): admins only."""
    return role_of(user) == Role.ADMIN
