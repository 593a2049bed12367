"""The records the assessment counts: pre-deductions and their restoration, accidents, accountability (追责)."""

from django.db.models import Count, Prefetch, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bureau.assessment.forms import (
    AccidentForm,
    AccountabilityFilterForm,
    AccountabilityForm,
    PreDeductionForm,
    RestorationForm,
)
from bureau.assessment.models import PreDeduction, Restoration
from bureau.assessment.permissions import can_manage_assessment, can_record_accidents, can_see_accountability
from bureau.assessment.services import (
    accident_record,
    accountability_record,
    pre_deduction_create,
    restoration_approve,
)
from bureau.flash import form_write
from bureau.pagination import CountedPaginator
from bureau.quarters import Quarter
from bureau.roles import require
from inspections.accidents.models import Accountability


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


def accident_create(request):
    require(can_record_accidents(request.user), "登记事故")
    form = AccidentForm(request.POST or None)
    fields = ("enterprise", "date", "deaths", "injuries", "summary")
    accident = form_write(
        request,
        form,
        lambda data: accident_record(actor=request.user, **{name: data[name] for name in fields}),
        lambda accident: f"已登记{accident.enterprise.name}的事故。该季度如已排名，重新计算排名后计入事故扣分。",
    )
    if accident is not None:
        return redirect(_quarter_url(Quarter.containing(accident.date), "accidents"))
    return render(
        request,
        "assessment/form.html",
        {
            "form": form,
            "title": "登记生产安全事故",
            "intro": "事故计入发生日期所在季度事故单位所属镇街的考核扣分。",
            "back": reverse("rankings:list"),
        },
    )


def accountability_list(request):
    require(can_see_accountability(request.user), "查看责任追究")
    form = AccountabilityFilterForm(request.GET or None)
    records = Accountability.objects.select_related("recorded_by")
    kind = ""
    if form.is_valid():
        data = form.cleaned_data
        if data["start"]:
            records = records.filter(date__gte=data["start"])
        if data["end"]:
            records = records.filter(date__lte=data["end"])
        if data["kind"]:
            kind = data["kind"]
            records = records.filter(kind=kind)
    kinds = Accountability.Kind
    totals = records.aggregate(
        records=Count("pk"),
        criminal=Sum("person_count", filter=Q(kind=kinds.CRIMINAL), default=0),
        discipline=Sum("person_count", filter=Q(kind=kinds.DISCIPLINE), default=0),
        bulletins=Count("pk", filter=Q(kind=kinds.BULLETIN)),
    )
    record_count = totals.pop("records")
    # The dashboard counts people for these two kinds (移送追究刑事责任 N 人): so does the list's total.
    persons = totals[kind] if kind in (kinds.CRIMINAL, kinds.DISCIPLINE) else None
    return render(
        request,
        "assessment/accountability_list.html",
        {
            "form": form,
            "totals": totals,
            "persons": persons,
            "record_count": record_count,
            "page_obj": CountedPaginator(records, 50, count=record_count).get_page(request.GET.get("page")),
            "can_manage": can_manage_assessment(request.user),
        },
    )


def accountability_create(request):
    require(can_manage_assessment(request.user), "管理考核")
    form = AccountabilityForm(request.POST or None)
    record = form_write(
        request,
        form,
        lambda data: accountability_record(actor=request.user, **data),
        lambda record: f"已登记：{record.get_kind_display()} {record.person_count} 人。",
    )
    if record is not None:
        return redirect("rankings:accountability_list")
    return render(
        request,
        "assessment/form.html",
        {
            "form": form,
            "title": "登记责任追究",
            "intro": "事故责任人移送追究刑事责任、相关人员追究党政纪责任，以及对行政人员的追责问责情况通报。",
            "back": reverse("rankings:accountability_list"),
        },
    )
