"""/calendar/: one year of the holiday calendar, and the forms that keep it."""

from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from bureau.calendar.forms import CalendarDayForm
from bureau.calendar.holidays import source_of
from bureau.calendar.services import calendar_day_delete, calendar_day_save, can_keep_calendar, can_read_calendar
from bureau.flash import flash_write, form_write
from bureau.models import CalendarDay
from bureau.params import ascii_int
from bureau.roles import require


def year_url(year):
    return f"{reverse('calendar:year')}?year={year}"


def _chosen_year(request):
    year = ascii_int(request.GET.get("year", ""), max_digits=4)
    return year if year and 2000 <= year <= 2100 else timezone.localdate().year


@require_GET
def year(request):
    require(can_read_calendar(request.user), "查看节假日安排")
    shown = _chosen_year(request)
    days = list(CalendarDay.objects.filter(date__year=shown))
    holidays = [d for d in days if d.kind == CalendarDay.Kind.HOLIDAY]
    workdays = [d for d in days if d.kind == CalendarDay.Kind.WORKDAY]
    return render(
        request,
        "calendar/year.html",
        {
            "year": shown,
            "previous": shown - 1,
            "next": shown + 1,
            "days": days,
            "holidays": holidays,
            "workdays": workdays,
            "total": len(days),
            "source": source_of(shown),
            "can_keep": can_keep_calendar(request.user),
        },
    )


def create(request):
    require(can_keep_calendar(request.user), "维护节假日安排")
    form = CalendarDayForm(request.POST or None)
    day = form_write(
        request,
        form,
        lambda data: calendar_day_save(day=form.instance, actor=request.user),
        lambda saved: f"已添加 {saved.date:%Y-%m-%d} {saved.get_kind_display()}（{saved.name}）。",
    )
    if day is not None:
        return redirect(year_url(day.date.year))
    return render(request, "calendar/form.html", {"form": form, "day": None})


def edit(request, pk):
    require(can_keep_calendar(request.user), "维护节假日安排")
    day = get_object_or_404(CalendarDay, pk=pk)
    shown_year = day.date.year
    form = CalendarDayForm(request.POST or None, instance=day)
    saved = form_write(
        request,
        form,
        lambda data: calendar_day_save(day=form.instance, actor=request.user),
        lambda saved: f"已保存 {saved.date:%Y-%m-%d} {saved.get_kind_display()}（{saved.name}）。",
    )
    if saved is not None:
        return redirect(year_url(saved.date.year))
    return render(request, "calendar/form.html", {"form": form, "day": day, "year": shown_year})


@require_POST
def delete(request, pk):
    require(can_keep_calendar(request.user), "维护节假日安排")
    day = CalendarDay.objects.filter(pk=pk).first()
    flash_write(
        request,
        None,
        lambda: calendar_day_delete(pk=pk, actor=request.user),
        lambda gone: f"已删除 {gone.date:%Y-%m-%d} 的安排（{gone.name}），该日按普通日期计算。",
    )
    return redirect(year_url(day.date.year) if day else reverse("calendar:year"))
