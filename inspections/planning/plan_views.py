"""The yearly plan at /plans/: the versions by year, one plan with its counts, capacity and progress, the draft's
form, approving and revising, the planned counts (the figure's list) and the enterprises inspected too often."""

from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bureau.flash import flash_write, form_write
from bureau.params import ascii_int
from bureau.roles import require
from inspections import permissions
from inspections.planning.models import Draw
from inspections.planning.plan_checks import PLANNED_KINDS, over_planned, plan_in_force
from inspections.planning.plan_forms import PlanForm
from inspections.planning.plan_models import PlannedCount, SupervisionPlan
from inspections.planning.plan_services import plan_approve, plan_revise, plan_save
from inspections.planning.plans import plan_figures


def _require_seeing(user):
    # Not a 403: to an enterprise or a grid officer the plan does not exist (permissions.can_see_plans).
    if not permissions.can_see_plans(user):
        raise Http404


def _require_managing(user, what):
    _require_seeing(user)
    require(permissions.can_manage_plans(user), what)


def plan_list(request):
    _require_seeing(request.user)
    plans = SupervisionPlan.objects.select_related("approved_by", "created_by")
    page = Paginator(plans, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/plan_list.html",
        {"page_obj": page, "can_manage": permissions.can_manage_plans(request.user)},
    )


def _save(request, plan):
    form = PlanForm(request.POST or None, plan=plan)
    saved = form_write(
        request,
        form,
        lambda data: plan_save(
            plan=plan,
            year=plan.year if plan is not None else data["year"],
            title=data["title"],
            capacity_per_officer=data["capacity_per_officer"],
            repeat_days=data["repeat_days"],
            lines=form.lines(),
            actor=request.user,
        ),
        lambda saved: f"已保存{saved}（草稿）。",
    )
    if saved is not None:
        return redirect(saved)
    return render(request, "planning/plan_form.html", {"form": form, "plan": plan})


def plan_create(request):
    _require_managing(request.user, "编制年度监督检查计划")
    return _save(request, None)


def plan_edit(request, pk):
    _require_managing(request.user, "编制年度监督检查计划")
    plan = get_object_or_404(SupervisionPlan, pk=pk)
    if not plan.is_draft:
        require(False, "修改已批准的计划（请修订为新版本）")
    return _save(request, plan)


def plan_detail(request, pk):
    _require_seeing(request.user)
    plan = get_object_or_404(SupervisionPlan.objects.select_related("approved_by", "created_by", "revises"), pk=pk)
    figures = plan_figures(plan)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "lines": plan.lines.all(),
            "figures": figures,
            "months": figures.months(),
            "towns": figures.towns(),
            "groups": figures.groups(),
            "versions": SupervisionPlan.objects.filter(year=plan.year).exclude(pk=plan.pk),
            "draws": Draw.objects.filter(year=plan.year).select_related("run").defer(*Draw.SNAPSHOTS),
            "can_manage": permissions.can_manage_plans(request.user),
        },
    )


@require_POST
def plan_approve_view(request, pk):
    _require_managing(request.user, "批准年度监督检查计划")
    plan = get_object_or_404(SupervisionPlan, pk=pk)
    flash_write(
        request,
        None,
        lambda: plan_approve(plan=plan, actor=request.user),
        f"{plan} 已批准，计划检查数已按当前企业名录生成。",
        failed="未批准：",
    )
    return redirect(plan)


@require_POST
def plan_revise_view(request, pk):
    _require_managing(request.user, "修订年度监督检查计划")
    plan = get_object_or_404(SupervisionPlan, pk=pk)
    made = []
    flash_write(
        request,
        None,
        lambda: made.append(plan_revise(plan=plan, actor=request.user)),
        "已生成修订草稿；批准后替代现行版本。",
        failed="未修订：",
    )
    return redirect(made[0] if made else plan)


def _year(request):
    year = ascii_int(request.GET.get("year") or "")
    return year if year is not None and 2000 <= year <= 2100 else timezone.localdate().year


def planned_list(request):
    """The planned counts of the year's plan in force (the figure 本年计划检查): data-total is their sum."""
    _require_seeing(request.user)
    year = _year(request)
    rows = PlannedCount.objects.filter(plan__year=year, plan__status="approved").select_related("town", "plan")
    total = rows.aggregate(n=Sum("planned", default=0))["n"]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "planning/plan_planned.html",
        {"year": year, "total": total, "page_obj": page, "plan": plan_in_force(year)},
    )


def over_planned_list(request):
    """检查频次超出计划的企业: this year's planned-kind inspections above what the plan in force gives."""
    _require_seeing(request.user)
    year = _year(request)
    plan = plan_in_force(year)
    page = Paginator(over_planned(plan), 50).get_page(request.GET.get("page"))
    kinds = "、".join(str(kind.label) for kind in PLANNED_KINDS)
    return render(request, "planning/plan_over.html", {"year": year, "plan": plan, "page_obj": page, "kinds": kinds})
