"""自查报送情况: the enterprises in the viewer's scope and whether each filed a self-check for a month of a range.

The list the dashboard's "自主开展隐患自查自报自改" figure opens: `?from_month=YYYY-MM&to_month=YYYY-MM&filed=1`.
"""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Count, ExpressionWrapper
from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone

from bureau.pagination import CountedPaginator
from bureau.roles import require
from enterprises.permissions import visible_enterprises
from grids.models import GridCell
from hazards.permissions import can_oversee_self_checks
from hazards.self_checks import filed_q

PER_PAGE = 50
MONTH_FORMAT = re.compile(r"(\d{4})-(\d{1,2})")
BAD_MONTH = "月份应为“年-月”格式，如 2026-03。"


class MonthInput(forms.TextInput):
    """The browser's month picker: it sends YYYY-MM whatever the language of the page."""

    input_type = "month"


class MonthField(forms.CharField):
    """A month as YYYY-MM, cleaned to the first day of that month."""

    widget = MonthInput

    def to_python(self, value):
        value = super().to_python(value).strip()
        if not value:
            return None
        match = MONTH_FORMAT.fullmatch(value)
        if not match:
            raise ValidationError(BAD_MONTH)
        year, month = int(match[1]), int(match[2])
        if not (2000 <= year <= 2100 and 1 <= month <= 12):
            raise ValidationError(BAD_MONTH)
        return date(year, month, 1)

    def prepare_value(self, value):
        return f"{value:%Y-%m}" if isinstance(value, date) else value


class CoverageForm(forms.Form):
    from_month = MonthField(label="起始月份", required=False)
    to_month = MonthField(label="截止月份", required=False)
    filed = forms.ChoiceField(label="已报送自查", required=False, choices=[("", "不限"), ("1", "是"), ("0", "否")])
    town = forms.ModelChoiceField(
        label="镇街", queryset=GridCell.objects.towns(), required=False, to_field_name="code", empty_label="全部镇街"
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("from_month"), data.get("to_month")
        if start and end and start > end:
            raise ValidationError("起始月份不能晚于截止月份。")
        return data


def default_range(today):
    """January of this year to this month."""
    return date(today.year, 1, 1), date(today.year, today.month, 1)


def _choices(form, today):
    """(start, end, filed, town, reset) from the form: the default range, and reset true, when either month is wrong
    (the form says why); whichever of the other two were valid."""
    default_start, default_end = default_range(today)
    if not form.is_bound:
        return default_start, default_end, "", None, False
    form.is_valid()
    data = form.cleaned_data
    start, end = data.get("from_month") or default_start, data.get("to_month") or default_end
    reset = form.has_error("from_month") or form.has_error("to_month") or bool(form.non_field_errors())
    if not reset and start > end:  # one month given, beyond the other's default
        form.add_error(None, "起始月份不能晚于截止月份。")
        reset = True
    if reset:
        start, end = default_start, default_end
    return start, end, data.get("filed") or "", data.get("town"), reset


def coverage(request):
    require(can_oversee_self_checks(request.user), "查看自查报送情况")
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    today = timezone.localdate()
    first, last = default_range(today)
    form = CoverageForm(request.GET or None, initial={"from_month": first, "to_month": last})
    start, end, filed, town, reset = _choices(form, today)
    filed_condition = filed_q(start, end)
    enterprises = visible_enterprises(request.user).operating()
    if town is not None:
        enterprises = enterprises.filter(town=town)
    # Both counts in one scan; the one the list shows is the paginator's count (no second COUNT(*)).
    counts = enterprises.order_by().aggregate(all=Count("pk"), filed=Count("pk", filter=filed_condition))
    counts["missing"] = counts["all"] - counts["filed"]
    if filed:
        enterprises = enterprises.filter(filed_condition if filed == "1" else ~filed_condition)
    total = {"": counts["all"], "1": counts["filed"], "0": counts["missing"]}[filed]
    listed = (
        enterprises.annotate(has_filed=ExpressionWrapper(filed_condition, output_field=BooleanField()))
        .select_related("town")
        .order_by("town__code", "name", "pk")
    )
    return render(
        request,
        "hazards/self_checks/coverage.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "range_reset": reset,
            "counts": counts,
            "total": total,
            "page_obj": CountedPaginator(listed, PER_PAGE, count=total).get_page(request.GET.get("page")),
        },
    )
