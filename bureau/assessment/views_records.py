"""The records the assessment keeps: pre-deductions and their restoration; the old addresses of accidents and
accountability (追责), now at /accidents/."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.generic import RedirectView

from bureau.assessment.forms import PreDeductionForm, RestorationForm
from bureau.assessment.models import PreDeduction, Restoration
from bureau.assessment.permissions import can_manage_assessment
from bureau.assessment.services import pre_deduction_create, restoration_approve
from bureau.flash import form_write
from bureau.quarters import Quarter
from bureau.roles import require


def _quarter_url(quarter, anchor):
    return f"{reverse('rankings:detail', kwargs={'quarter': quarter})}#{anchor}"


def pre_deduction_create_view(request, quarter):
    require(can_manage_assessment(request.user), "管理考核")
    form = PreDeductionForm(request.POST or None)
    deduction = form_write(
        request,
        form,
        lambda data: pre_deduction_create(
            town=data["town"], quarter=quarter, points=data["points"], reason=data["reason"], actor=request.user
        ),
        lambda deduction: f"已对{deduction.town.name}预扣 {deduction.points} 分。",
    )
    if deduction is not None:
        return redirect(_quarter_url(quarter, "pre-deductions"))
    return render(
        request,
        "assessment/form.html",
        {
            "form": form,
            "quarter": quarter,
            "title": f"新增预扣分 · {quarter.label}",
            "intro": "季度初对已知的薄弱环节预先扣分；整改到位、经批准后可恢复。未恢复的部分从该季度总分中扣除。",
            "back": _quarter_url(quarter, "pre-deductions"),
        },
    )


def restore(request, pk):
    require(can_manage_assessment(request.user), "管理考核")
    deduction = get_object_or_404(
        PreDeduction.objects.select_related("town", "created_by").prefetch_related(
            Prefetch("restorations", queryset=Restoration.objects.select_related("approved_by"))
        ),
        pk=pk,
    )
    quarter = Quarter(deduction.year, deduction.quarter)
    form = RestorationForm(request.POST or None)

    def done(restoration):
        late = "（在季度结束之后批准，不计入该季度排名）" if restoration.approved_on > quarter.end else ""
        return f"已为{deduction.town.name}恢复 {restoration.points} 分{late}。"

    def approve(data):
        fields = {name: data[name] for name in ("points", "evidence", "approved_on")}
        return restoration_approve(pre_deduction=deduction, actor=request.user, **fields)

    restoration = form_write(request, form, approve, done)
    if restoration is not None:
        return redirect(_quarter_url(quarter, "pre-deductions"))
    return render(
        request,
        "assessment/restore.html",
        {"form": form, "deduction": deduction, "quarter": quarter, "back": _quarter_url(quarter, "pre-deductions")},
    )


# Accidents and their follow-ups (责任追究) are recorded at /accidents/ now (inspections.accidents); the assessment's
# old addresses stay, as redirects, for bookmarks and links already sent.
accident_create = RedirectView.as_view(pattern_name="accidents:create")
accountability_list = RedirectView.as_view(pattern_name="accidents:follow_ups", query_string=True)
accountability_create = RedirectView.as_view(pattern_name="accidents:follow_up_create")
