"""Self-checks (自查) and quarterly hazard statistics (季度隐患统计).

An enterprise user files its own; the bureau and grid officers see, town by town, who has filed and who has not.
"""

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from bureau.flash import flash_write
from bureau.quarters import Quarter
from bureau.roles import Role, is_bureau, role_of
from bureau.text import FreeTextFormField
from enterprises.permissions import enterprise_of
from hazards.permissions import can_oversee_self_checks, visible_self_checks
from hazards.self_checks import (
    first_unfiled_month,
    is_on_time,
    not_filed,
    self_check_coverage,
    self_check_submit,
    statistics_due_date,
    statistics_figures,
    statistics_filing,
    statistics_quarter,
    statistics_submit,
    unlinked_self_reported,
)

MONTHS = [(m, f"{m}月") for m in range(1, 13)]
QUARTERS = [(q, f"第{q}季度") for q in range(1, 5)]


def _year_field():
    return forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年度。", "invalid": "年度应为四位数字。"},
    )


class MonthForm(forms.Form):
    year = _year_field()
    month = forms.TypedChoiceField(
        label="月份", choices=MONTHS, coerce=int, error_messages={"required": "请选择月份。"}
    )


class SelfCheckForm(MonthForm):
    found_nothing = forms.BooleanField(label="本期未发现隐患", required=False)
    note = FreeTextFormField(label="自查情况说明", required=False, max_length=2000)


class QuarterForm(forms.Form):
    year = _year_field()
    quarter = forms.TypedChoiceField(
        label="季度", choices=QUARTERS, coerce=int, error_messages={"required": "请选择季度。"}
    )


class StatisticsForm(QuarterForm):
    """Submits the figures shown for the quarter; the quarter itself was chosen above, so it travels hidden."""

    note = FreeTextFormField(label="说明", required=False, max_length=2000, rows=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget = forms.HiddenInput()
        self.fields["quarter"].widget = forms.HiddenInput()


def _chosen(form_class, request, default):
    """The period picked in the GET form, or `default` when none was picked or it is invalid."""
    form = form_class(request.GET or None, initial=default)
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data
    return form, default


def _own_enterprise(user):
    """The enterprise of an enterprise user; anyone else may not file."""
    own = enterprise_of(user) if role_of(user) == Role.ENTERPRISE else None
    if own is None:
        raise PermissionDenied("只有企业用户可以提交自查和季度统计。")
    return own


# Self-checks -----------------------------------------------------------------------------------------------------


def self_check_list(request):
    if role_of(request.user) == Role.ENTERPRISE:
        return _own_self_checks(request, _own_enterprise(request.user))
    if can_oversee_self_checks(request.user):
        return _self_check_overview(request)
    raise PermissionDenied


def _own_self_checks(request, enterprise):
    today = timezone.localdate()
    # The likely month: the first the enterprise has not filed, so the form never offers one that would fail.
    unfiled = first_unfiled_month(enterprise, today)
    self_checks = (
        visible_self_checks(request.user)
        .filter(enterprise=enterprise)
        .annotate(hazard_count=Count("hazards"))
        .select_related("submitted_by")
        .order_by("-year", "-month")
    )
    return render(
        request,
        "hazards/self_checks/own_list.html",
        {
            "enterprise": enterprise,
            "form": SelfCheckForm(initial={"year": unfiled[0], "month": unfiled[1]}) if unfiled else None,
            "filed_this_month": self_checks.filter(year=today.year, month=today.month).exists(),
            "pending_this_month": unlinked_self_reported(enterprise, today.year, today.month).count(),
            "page_obj": Paginator(self_checks, 24).get_page(request.GET.get("page")),
            "today": today,
        },
    )


def _self_check_overview(request):
    today = timezone.localdate()
    form, period = _chosen(MonthForm, request, {"year": today.year, "month": today.month})
    year, month = period["year"], period["month"]
    rows, total = self_check_coverage(request.user, year, month, all_towns=is_bureau(request.user))
    self_checks = (
        visible_self_checks(request.user)
        .filter(year=year, month=month)
        .annotate(hazard_count=Count("hazards"))
        .select_related("enterprise__town")
        .order_by("enterprise__town__code", "enterprise__name", "pk")
    )
    return render(
        request,
        "hazards/self_checks/overview.html",
        {
            "filter_form": form,
            "year": year,
            "month": month,
            "coverage": rows,
            "total": total,
            "page_obj": Paginator(self_checks, 50).get_page(request.GET.get("page")),
        },
    )


def self_check_detail(request, pk):
    self_check = get_object_or_404(
        visible_self_checks(request.user).select_related("enterprise", "submitted_by"), pk=pk
    )
    return render(
        request,
        "hazards/self_checks/detail.html",
        {"self_check": self_check, "hazards": self_check.hazards.all()},
    )


@require_POST
def submit(request):
    enterprise = _own_enterprise(request.user)
    form = SelfCheckForm(request.POST)
    flash_write(
        request,
        form,
        lambda: self_check_submit(enterprise=enterprise, actor=request.user, **form.cleaned_data),
        _self_check_submitted,
        failed="自查未提交：",
        labelled=True,
    )
    return redirect("self_checks:list")


def _self_check_submitted(self_check):
    linked = self_check.hazards.count()
    outcome = f"纳入本期自查上报的隐患 {linked} 项" if linked else "本期未发现隐患"
    return f"已提交{self_check.year}年{self_check.month}月自查，{outcome}。"


# Quarterly statistics --------------------------------------------------------------------------------------------


def statistics(request):
    if role_of(request.user) == Role.ENTERPRISE:
        return _own_statistics(request, _own_enterprise(request.user))
    if can_oversee_self_checks(request.user):
        return _statistics_overview(request)
    raise PermissionDenied


def _quarter_context(request):
    last = Quarter.last_ended(timezone.localdate())
    form, period = _chosen(QuarterForm, request, {"year": last.year, "quarter": last.number})
    year, quarter = period["year"], period["quarter"]
    due_date = statistics_due_date(statistics_quarter(year, quarter))
    return form, year, quarter, {"year": year, "quarter": quarter, "due_date": due_date}


def _own_statistics(request, enterprise):
    form, year, quarter, context = _quarter_context(request)
    filed = enterprise.quarterly_statistics.filter(year=year, quarter=quarter).first()
    past = list(enterprise.quarterly_statistics.select_related("submitted_by"))
    for stat in past:
        stat.on_time = is_on_time(stat)
        stat.due_date = statistics_due_date(Quarter(stat.year, stat.quarter))
    ended = statistics_quarter(year, quarter).end < timezone.localdate()
    context.update(
        enterprise=enterprise,
        filter_form=form,
        filed=filed,
        # Once filed, the frozen figures are the record; until then, the figures as the records stand now.
        figures=filed or statistics_figures(enterprise, year, quarter),
        ended=ended,
        submit_form=StatisticsForm(initial={"year": year, "quarter": quarter}) if ended and not filed else None,
        past=past,
    )
    return render(request, "hazards/self_checks/own_statistics.html", context)


def _statistics_overview(request):
    form, year, quarter, context = _quarter_context(request)
    rows, total = statistics_filing(request.user, year, quarter, all_towns=is_bureau(request.user))
    context.update(
        filter_form=form,
        rows=rows,
        total=total,
        page_obj=Paginator(not_filed(request.user, year, quarter), 50).get_page(request.GET.get("page")),
    )
    return render(request, "hazards/self_checks/statistics_overview.html", context)


@require_POST
def submit_statistics(request):
    enterprise = _own_enterprise(request.user)
    form = StatisticsForm(request.POST)
    flash_write(
        request,
        form,
        lambda: statistics_submit(enterprise=enterprise, actor=request.user, **form.cleaned_data),
        _statistics_submitted,
        failed="季度统计未报送：",
        labelled=True,
    )
    if not form.is_valid():
        return redirect("self_checks:statistics")
    period = {"year": form.cleaned_data["year"], "quarter": form.cleaned_data["quarter"]}
    return redirect(f"{reverse('self_checks:statistics')}?{urlencode(period)}")


def _statistics_submitted(stat):
    due = statistics_due_date(Quarter(stat.year, stat.quarter))
    lateness = "" if is_on_time(stat) else f"（已超过报送期限 {due:%Y-%m-%d}）"
    return f"已报送{stat.year}年第{stat.quarter}季度隐患统计{lateness}。"
