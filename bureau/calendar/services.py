"""Keeping the holiday calendar: add, change or remove one day, each in one transaction.

A change moves no due date already stored: a deadline's due date is computed once, when its period starts
(inspections.enforcement.deadlines), from the calendar as it then was. Only deadlines computed afterwards see it."""

from django.core.exceptions import ValidationError
from django.db import transaction

from bureau import once
from bureau.figures import figures_changed
from bureau.models import CalendarDay
from bureau.roles import Role, is_bureau, require, role_of
from bureau.unchanged import unchanged


def can_read_calendar(user):
    return is_bureau(user)


def can_keep_calendar(user):
    """The bureau's staff and admins keep the calendar; inspectors read it."""
    return role_of(user) in (Role.ADMIN, Role.STAFF)


def _refuse_bad(day):
    if not day.name.strip():
        raise ValidationError({"name": "请填写名称，如“春节”“国庆节调休”。"})
    taken = CalendarDay.objects.filter(date=day.date).exclude(pk=day.pk).first()
    if taken is not None:
        raise ValidationError(
            {"date": f"{day.date:%Y-%m-%d} 已是“{taken.get_kind_display()}”（{taken.name}）：一个日期只能是一种安排。"}
        )
    if day.kind == CalendarDay.Kind.WORKDAY and day.date.weekday() < 5:
        raise ValidationError({"kind": f"{day.date:%Y-%m-%d} 是周一至周五，本来就上班：调休上班只能是周六或周日。"})


@transaction.atomic
def calendar_day_save(*, day: CalendarDay, actor) -> CalendarDay:
    """Add `day` (unsaved) or store its changes; one date has one kind. Saved unchanged, it writes nothing."""
    require(can_keep_calendar(actor), "维护节假日安排")
    if unchanged(day):
        return day
    _refuse_bad(day)
    day.name = day.name.strip()
    day.save()
    # The figures of deadlines due soon count working days: let kept values be counted again.
    figures_changed()
    return day


@transaction.atomic
def calendar_day_delete(*, pk: int, actor) -> CalendarDay:
    """Remove the day `pk` from the calendar (it is then an ordinary weekday or weekend day); returns the removed
    row. Already gone (a second click): AlreadyDone, nothing changed."""
    require(can_keep_calendar(actor), "维护节假日安排")
    day = CalendarDay.objects.select_for_update().filter(pk=pk).first()
    if day is None:
        raise once.AlreadyDone("该日的安排已删除。")
    day.delete()
    figures_changed()
    return day
