"""The accident pages under /accidents/: the list, the report, one accident with its timeline, investigation and
follow-ups, and the pages that change them. Writes go through services.py."""

from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from bureau.flash import flash_write, form_write
from bureau.pagination import CountedPaginator
from bureau.roles import require
from inspections.accidents import permissions, services
from inspections.accidents.forms import (
    AccidentFilter,
    AccidentForm,
    ExtendForm,
    FollowUpFilterForm,
    FollowUpForm,
    InvestigationForm,
    ReportForm,
    ReviewForm,
    SupplementForm,
)
from inspections.accidents.grading import EXTENSION_MAX_DAYS, INVESTIGATION_DAYS
from inspections.accidents.models import Accountability, Investigation

FORM = "accidents/form.html"


class AccidentListView(FilterView):
    filterset_class = AccidentFilter
    template_name = "accidents/list.html"
    paginate_by = 50

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_accidents(request.user), "查看事故")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return permissions.visible_accidents(self.request.user).select_related("enterprise__town", "investigation")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_record"] = permissions.can_record_accidents(self.request.user)
        context["can_see_follow_ups"] = permissions.can_see_follow_ups(self.request.user)
        return context


def create(request):
    require(permissions.can_record_accidents(request.user), "登记事故")
    form = AccidentForm(request.POST or None)
    accident = form_write(
        request,
        form,
        lambda data: services.accident_report(actor=request.user, **_without(data, "credit_code")),
        lambda accident: f"已登记事故快报：{accident.get_grade_display()}。",
    )
    if accident is not None:
        return redirect(accident)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "登记事故快报",
            "intro": "事故发生后，事故单位负责人应于 1 小时内报告县级安全生产监督管理部门（《生产安全事故报告和调查"
            "处理条例》第九条）；超过 1 小时报告的记为迟报。事故等级按死亡、重伤人数和直接经济损失自动判定。",
            "back": reverse("accidents:list"),
        },
    )


def _without(data, *names):
    return {key: value for key, value in data.items() if key not in names}


def detail(request, pk):
    user = request.user
    accident = permissions.get_accident_for_user(user, pk)
    investigation = Investigation.objects.filter(accident=accident).select_related("approved_by").first()
    records = permissions.can_record_accidents(user)
    approves = permissions.can_approve_investigations(user)
    follow_ups = accident.follow_ups.select_related("case") if permissions.can_see_follow_ups(user) else None
    status = investigation.status if investigation else None
    return render(
        request,
        "accidents/detail.html",
        {
            "accident": accident,
            "events": accident.events.select_related("actor"),
            "investigation": investigation,
            "follow_ups": follow_ups,
            "can_record": records,
            "can_record_follow_ups": permissions.can_record_follow_ups(user),
            "can_investigate": records and (investigation is None or investigation.is_editable),
            "can_submit": records and investigation is not None and investigation.is_editable,
            "can_extend": approves
            and investigation is not None
            and investigation.extended_to is None
            and status != Investigation.Status.APPROVED,
            "review_form": ReviewForm()
            if approves and status == Investigation.Status.SUBMITTED and investigation.drafted_by_id != user.pk
            else None,
            "return_form": ReviewForm(prefix=None, auto_id="return_%s"),
            "investigation_days": INVESTIGATION_DAYS,
        },
    )


def edit(request, pk):
    require(permissions.can_record_accidents(request.user), "修改事故快报")
    accident = permissions.get_accident_for_user(request.user, pk)
    form = ReportForm(request.POST or None, initial=ReportForm.initial_of(accident))
    done = form_write(
        request,
        form,
        lambda data: services.accident_edit(accident=accident, actor=request.user, **_without(data, "credit_code")),
        lambda _: "已保存事故快报。",
    )
    if done is not None:
        return redirect(accident)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": f"修改事故快报 · {accident.enterprise.name}",
            "intro": "伤亡人数或直接经济损失有变化的，请用“补报”登记，等级随之重新判定。",
            "back": accident.get_absolute_url(),
        },
    )


def supplement(request, pk):
    require(permissions.can_record_accidents(request.user), "补报事故")
    accident = permissions.get_accident_for_user(request.user, pk)
    form = SupplementForm(request.POST or None, initial=SupplementForm.initial_of(accident))
    done = form_write(
        request,
        form,
        lambda data: services.accident_supplement(accident=accident, actor=request.user, **data),
        lambda accident: f"已补报，事故等级：{accident.get_grade_display()}。",
    )
    if done is not None:
        return redirect(accident)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": f"补报伤亡或损失变化 · {accident.enterprise.name}",
            "intro": f"自事故发生之日起 30 日内（道路交通、火灾事故 7 日内）伤亡人数发生变化的，"
            "应当及时补报（第十三条）。"
            f"本事故补报期至 {accident.supplement_until:%Y-%m-%d}。填写变化后的人数和损失。",
            "back": accident.get_absolute_url(),
        },
    )


def investigation(request, pk):
    require(permissions.can_record_accidents(request.user), "登记事故调查")
    accident = permissions.get_accident_for_user(request.user, pk)
    existing = Investigation.objects.filter(accident=accident).first()
    form = InvestigationForm(request.POST or None, instance=existing)
    done = form_write(
        request,
        form,
        lambda data: services.investigation_save(accident=accident, actor=request.user, **data),
        lambda _: "已保存事故调查。",
    )
    if done is not None:
        return redirect(accident)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": f"事故调查 · {accident.enterprise.name}",
            "intro": f"事故调查组应自事故发生之日起 {INVESTIGATION_DAYS} 日内提交事故调查报告；"
            "特殊情况下经批准可延长一次，"
            f"最长不超过 {EXTENSION_MAX_DAYS} 日（第二十九条）。",
            "back": accident.get_absolute_url(),
        },
    )


def _investigation_of(request, pk):
    accident = permissions.get_accident_for_user(request.user, pk)
    return get_object_or_404(Investigation, accident=accident)


def extend(request, pk):
    require(permissions.can_approve_investigations(request.user), "批准延长调查期限")
    investigation = _investigation_of(request, pk)
    form = ExtendForm(request.POST or None)
    done = form_write(
        request,
        form,
        lambda data: services.investigation_extend(investigation=investigation, actor=request.user, **data),
        lambda done: f"调查期限已延长至 {done.extended_to:%Y-%m-%d}。",
    )
    if done is not None:
        return redirect(investigation.accident)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": "延长事故调查期限",
            "intro": f"原期限 {investigation.due_on:%Y-%m-%d}。只能延长一次，最长 {EXTENSION_MAX_DAYS} 日。",
            "back": investigation.accident.get_absolute_url(),
        },
    )


def _action(request, pk, form_class, service, done, permitted, what):
    require(permitted(request.user), what)
    investigation = _investigation_of(request, pk)
    form = form_class(request.POST) if form_class else None
    flash_write(
        request,
        form,
        lambda: service(investigation=investigation, actor=request.user, **(form.cleaned_data if form else {})),
        done,
        failed="未办理：",
    )
    return redirect(investigation.accident)


@require_POST
def submit(request, pk):
    return _action(
        request, pk, None, services.investigation_submit, "已提交调查报告。", permissions.can_record_accidents,
        "提交调查报告",
    )  # fmt: skip


@require_POST
def approve(request, pk):
    return _action(
        request, pk, ReviewForm, services.investigation_approve, "已批准调查报告。",
        permissions.can_approve_investigations, "审批调查报告",
    )  # fmt: skip


@require_POST
def send_back(request, pk):
    return _action(
        request, pk, ReviewForm, services.investigation_return, "已退回调查报告。",
        permissions.can_approve_investigations, "审批调查报告",
    )  # fmt: skip


# Follow-ups ---------------------------------------------------------------------------------------------------


def follow_up_list(request):
    require(permissions.can_see_follow_ups(request.user), "查看后续处理")
    form = FollowUpFilterForm(request.GET or None)
    records = permissions.visible_follow_ups(request.user).select_related("recorded_by", "accident__enterprise", "case")
    kind = ""
    if form.is_bound and not form.is_valid():
        records = records.none()
    elif form.is_valid():
        data = form.cleaned_data
        if data["start"]:
            records = records.filter(date__gte=data["start"])
        if data["end"]:
            records = records.filter(date__lte=data["end"])
        if data["kind"]:
            kind = data["kind"]
            records = records.filter(kind=kind)
        if data["status"]:
            records = records.filter(status=data["status"])
    kinds = Accountability.Kind
    totals = records.aggregate(
        records=Count("pk"),
        criminal=Sum("person_count", filter=Q(kind=kinds.CRIMINAL), default=0),
        discipline=Sum("person_count", filter=Q(kind=kinds.DISCIPLINE), default=0),
        bulletins=Count("pk", filter=Q(kind=kinds.BULLETIN)),
        penalties=Count("pk", filter=Q(kind=kinds.PENALTY)),
    )
    record_count = totals.pop("records")
    # The dashboard counts people for these two kinds (移送追究刑事责任 N 人): so does the list's total.
    persons = totals[kind] if kind in (kinds.CRIMINAL, kinds.DISCIPLINE) else None
    return render(
        request,
        "accidents/follow_up_list.html",
        {
            "form": form,
            "totals": totals,
            "persons": persons,
            "record_count": record_count,
            "page_obj": CountedPaginator(records, 50, count=record_count).get_page(request.GET.get("page")),
            "can_record": permissions.can_record_follow_ups(request.user),
        },
    )


def follow_up_create(request, pk=None):
    require(permissions.can_record_follow_ups(request.user), "登记后续处理")
    accident = permissions.get_accident_for_user(request.user, pk) if pk is not None else None
    form = FollowUpForm(request.POST or None, accident=accident)
    record = form_write(
        request,
        form,
        lambda data: services.accountability_record(actor=request.user, accident=accident, **data),
        lambda record: f"已登记：{record.get_kind_display()} {record.person_count} 人。",
    )
    back = accident.get_absolute_url() if accident else reverse("accidents:follow_ups")
    if record is not None:
        return redirect(back)
    return render(
        request,
        FORM,
        {
            "form": form,
            "title": f"登记后续处理 · {accident.enterprise.name}" if accident else "登记后续处理",
            "intro": "事故责任人移送追究刑事责任、相关人员追究党政纪责任、行政处罚，以及追责问责情况通报。"
            + ("" if accident else "行政处罚请从事故页面登记，以关联事故和处罚案件。"),
            "back": back,
        },
    )


def follow_up_edit(request, pk):
    require(permissions.can_record_follow_ups(request.user), "修改后续处理")
    record = permissions.get_follow_up_for_user(request.user, pk)
    form = FollowUpForm(request.POST or None, instance=record, accident=record.accident)
    done = form_write(
        request,
        form,
        lambda data: services.accountability_edit(record=record, actor=request.user, **data),
        lambda record: f"已保存：{record.get_kind_display()}（{record.get_status_display()}）。",
    )
    back = record.accident.get_absolute_url() if record.accident else reverse("accidents:follow_ups")
    if done is not None:
        return redirect(back)
    return render(request, FORM, {"form": form, "title": f"修改后续处理 · {record.get_kind_display()}", "back": back})
