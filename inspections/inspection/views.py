"""Inspections: the list, recording one on site, its checklist and findings."""

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from bureau.flash import flash_write, form_write
from bureau.pagination import KeysetListMixin
from bureau.roles import require
from enterprises.permissions import visible_enterprises
from hazards.forms import HazardForm
from hazards.models import MAJOR_PLAN_FIELDS
from inspections import permissions
from inspections.enforcement.specs import SPECS
from inspections.figures import per_inspection
from inspections.inspection.filters import InspectionFilter
from inspections.inspection.forms import ChecklistForm, InspectionForm
from inspections.inspection.models import Inspection
from inspections.inspection.services import (
    checklist_items_for,
    inspection_add_finding,
    inspection_record,
    inspection_record_checks,
)
from inspections.inspection.start import prefill
from inspections.planning.plan_checks import repeat_warning


class InspectionListView(KeysetListMixin, FilterView):
    filterset_class = InspectionFilter
    template_name = "inspections/list.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_enforcement(request.user), "查看执法检查")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            permissions.visible_inspections(self.request.user)
            .select_related("enterprise__town", "campaign")
            # Counted per row by subquery: the page's COUNT(*) stays a plain count, not a grouped join of everything.
            .annotate(
                hazard_count=per_inspection(Inspection.hazards.through),
                inspector_count=per_inspection(Inspection.inspectors.through),
            )
            .order_by("-date", "-id")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(can_record=permissions.is_inspector(self.request.user), **kwargs)


def create(request):
    require(permissions.is_inspector(request.user), "进行执法检查")
    # Opened from a dossier, the due list or a campaign target: the enterprise and campaign come filled in.
    initial = prefill(request.user, request.GET) if request.method != "POST" else {}
    form = InspectionForm(
        request.POST or None, enterprises=visible_enterprises(request.user), actor=request.user, initial=initial
    )
    fields = ("enterprise", "date", "inspectors", "experts", "kind", "campaign", "summary")
    # Not blocking: a second visit may be needed; the inspector is told when and by whom the last one was, on the
    # form and (for an enterprise picked in the form) with the saved message. Read before the write finds itself.
    chosen = initial.get("enterprise") or (
        form.cleaned_data["enterprise"] if form.is_bound and form.is_valid() else None
    )
    warning = repeat_warning(chosen, timezone.localdate())
    inspection = form_write(
        request,
        form,
        lambda data: inspection_record(actor=request.user, **{name: data[name] for name in fields}),
        lambda _: "检查已记录，请逐项填写检查表。" + (f"（{warning}）" if warning else ""),
    )
    if inspection is not None:
        return redirect(inspection)
    return render(
        request, "inspections/form.html", {"form": form, "chosen": initial.get("enterprise"), "repeat": warning}
    )


def detail(request, pk):
    inspection = permissions.get_inspection_for_user(request.user, pk)
    is_inspector = permissions.is_inspector(request.user)
    checks = list(inspection.checks.select_related("item", "hazard"))
    documents = list(inspection.documents.all())
    checklist = None
    # The checklist is a form until a document is issued from the inspection: after 全部符合 the inspector marks
    # the exceptions on the same form.
    if is_inspector and not (checks and documents):
        checklist = ChecklistForm(
            items=checklist_items_for(inspection.enterprise).select_related("criterion"), checks=checks
        )
    return render(
        request,
        "inspections/detail.html",
        {
            "inspection": inspection,
            "inspectors": inspection.inspectors.all(),
            "experts": inspection.experts.all(),
            "checks": checks,
            "checklist": checklist,
            "hazards": inspection.hazards.all(),
            "documents": documents,
            "is_inspector": is_inspector,
            # The breadcrumb links to the list only for those the list lets in (enterprise users see this page).
            "can_list": permissions.can_see_enforcement(request.user),
            # Those that belong to a case are issued from the case's page.
            "document_kinds": [(spec.kind.value, spec.title) for spec in SPECS.values() if not spec.needs_case],
        },
    )


@require_POST
def record_checklist(request, pk):
    inspection = permissions.get_inspection_for_user(request.user, pk)
    require(permissions.is_inspector(request.user), "进行执法检查")
    form = ChecklistForm(
        request.POST,
        request.FILES,
        items=checklist_items_for(inspection.enterprise),
        checks=inspection.checks.all(),
    )
    # 全部符合 without a script: every item is saved 符合, and the page comes back for the exceptions.
    all_ok = "all_ok" in request.POST
    if all_ok:
        form.data = form.all_passed(request.POST)
    flash_write(
        request,
        form,
        lambda: inspection_record_checks(
            inspection=inspection,
            results=form.results(),
            actor=request.user,
            rectification_deadline=form.cleaned_data["rectification_deadline"],
            responsible_person=form.cleaned_data["responsible_person"],
            plan=form.plan(),
        ),
        lambda _: ALL_PASSED_SAVED if all_ok else _checklist_saved(inspection),
        failed="检查表未保存：",
    )
    return redirect(f"{inspection.get_absolute_url()}#checklist")


ALL_PASSED_SAVED = "已全部记为符合。如有不符合项，请在下方检查表中改为“不符合”，填写整改期限和责任人后保存。"


def _checklist_saved(inspection):
    found = inspection.hazards.count()
    return f"检查表已保存，发现隐患 {found} 项。" if found else "检查表已保存，未发现隐患。"


def add_finding(request, pk):
    inspection = permissions.get_inspection_for_user(request.user, pk)
    require(permissions.is_inspector(request.user), "进行执法检查")
    form = HazardForm(
        request.POST or None,
        request.FILES or None,
        enterprises=visible_enterprises(request.user),
        own_enterprise=inspection.enterprise,
    )
    fields = ("location", "description", "category", "subcategory", "rectification_deadline")
    # The criterion (判定依据), when one is chosen, makes the finding a major hazard (hazards.services.hazard_report).
    optional = ("criterion", "measures", "funds", "suspension", *MAJOR_PLAN_FIELDS)

    def add(data):
        found = {name: data[name] for name in (*fields, "responsible_person", "photos")}
        extra = {name: data[name] for name in optional if name in data}
        return inspection_add_finding(inspection=inspection, actor=request.user, **found, **extra)

    if form_write(request, form, add, lambda _: "发现的隐患已记录，并与本次检查关联。") is not None:
        return redirect(inspection)
    return render(request, "inspections/finding_form.html", {"form": form, "inspection": inspection})
