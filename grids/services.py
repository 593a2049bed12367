"""Writes to the grid: moving cells and assigning responsible persons, each in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from bureau.once import AlreadyDone
from bureau.roles import Role, require, role_of
from grids import permissions
from grids.models import Capacity, GridAssignment, GridCell
from grids.signals import cells_moved


@transaction.atomic
def grid_cell_save(*, cell, actor):
    """Validate and save a cell; when its place in the tree changed, re-root its whole subtree in one UPDATE."""
    require(permissions.can_edit_cells(actor), "修改网格")
    cell.full_clean()
    old_path = None
    if cell.pk:
        old_path = GridCell.objects.select_for_update().values_list("path", flat=True).get(pk=cell.pk)
    cell.save()
    if old_path and old_path != cell.path:
        GridCell.objects.filter(path__startswith=old_path).exclude(pk=cell.pk).update(
            path=Concat(Value(cell.path), Substr(F("path"), len(old_path) + 1))
        )
        cells_moved.send(sender=GridCell, cell=cell)
    return cell


@transaction.atomic
def grid_assign(*, cell, user, capacity, start_date, actor, note=""):
    """Make `user` responsible for `cell`; a new 责任人 ends the current one's term (the history stays). The
    officer's scope is what they hold (permissions.held_paths): this cell joins their other cells.

    `actor` None is the system itself (the demo seed, a migration), as for accounts.services.user_create: a new
    grid officer is made by creating the user there and assigning the cell here, in one transaction."""
    if actor is not None:
        require(permissions.can_assign(actor), "指派网格责任人")
    return _assign(cell=cell, user=user, capacity=capacity, start_date=start_date, actor=actor, note=note)


def _assign(*, cell, user, capacity, start_date, actor, note=""):
    if role_of(user) != Role.GRID_OFFICER:
        raise ValidationError({"user": "只能指派具有“网格责任人”角色的用户。"})
    # Lock the cell so two admins reassigning it at once cannot both leave a current 责任人.
    GridCell.objects.select_for_update().get(pk=cell.pk)
    current = GridAssignment.objects.current().filter(cell=cell, user=user, capacity=capacity).first()
    if current:
        raise ValidationError(
            {"user": f"{user.first_name or user.username} 已是该网格在任的{current.get_capacity_display()}。"}
        )
    if capacity == Capacity.RESPONSIBLE:
        for previous in GridAssignment.objects.current().responsible().filter(cell=cell):
            if start_date < previous.start_date:
                raise ValidationError({"start_date": "起始日期不能早于现任责任人的起始日期。"})
            previous.end_date = start_date
            previous.save(update_fields=["end_date"])
    assignment = GridAssignment(
        cell=cell, user=user, capacity=capacity, start_date=start_date, assigned_by=actor, note=note
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def grid_assignment_end(*, assignment, end_date, actor):
    """End a current assignment on `end_date`: the cell leaves the officer's scope."""
    require(permissions.can_assign(actor), "结束网格分工")
    assignment = GridAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.end_date is not None:
        raise AlreadyDone("该分工已结束，无需重复操作。")
    assignment.end_date = end_date
    assignment.full_clean()
    assignment.save(update_fields=["end_date"])
    return assignment
