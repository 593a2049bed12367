"""The violation library (违法行为库): the list, one entry with its discretion levels and versions, and its revision
by staff; and the violations found in a case (/cases/<id>/violations/), each decided on its own."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_filters.views import FilterView

from bureau.flash import add_refusal, flash_write, form_write
from bureau.params import ascii_int
from bureau.roles import require
from inspections import permissions
from inspections.enforcement.violation_forms import (
    CaseViolationForm,
    LevelFormSet,
    VersionForm,
    ViolationFilter,
    level_initial,
    level_rows,
)
from inspections.enforcement.violation_models import CaseViolation, Violation
from inspections.enforcement.violation_services import (
    OPEN_STATUSES,
    case_fine_total,
    case_violation_add,
    case_violation_change,
    case_violation_remove,
    proposal_for,
    violation_revise,
)


class ViolationListView(FilterView):
    filterset_class = ViolationFilter
    template_name = "inspections/violations/list.html"
    paginate_by = 50
    strict = False

    def dispatch(self, request, *args, **kwargs):
        require(permissions.can_see_violation_library(request.user), "查看违法行为库")
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return Violation.objects.select_related("current")

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "can_edit": permissions.can_edit_violation_library(self.request.user),
        }


def detail(request, pk):
    """An entry: the version asked for (?version=n; the current one by default), its levels, and every version."""
    require(permissions.can_see_violation_library(request.user), "查看违法行为库")
    violation = get_object_or_404(Violation.objects.select_related("current"), pk=pk)
    versions = violation.versions.select_related("created_by")
    number = ascii_int(request.GET.get("version", ""), max_digits=9)
    version = versions.filter(number=number).first() if number else violation.current
    if version is None:
        raise Http404
    return render(
        request,
        "inspections/violations/detail.html",
        {
            "violation": violation,
            "version": version,
            "levels": version.levels.all(),
            "versions": versions,
            "can_edit": permissions.can_edit_violation_library(request.user),
        },
    )


def edit(request, pk):
    """Revise an entry: saved as its next version; the same terms again save nothing."""
    require(permissions.can_edit_violation_library(request.user), "修订违法行为库")
    violation = get_object_or_404(Violation.objects.select_related("current"), pk=pk)
    current = violation.current
    form = VersionForm(request.POST or None, instance=current, initial={"expected_number": current.number})
    levels = LevelFormSet(request.POST or None, initial=level_initial(current), prefix="levels")
    revised = form_write(
        request,
        _Both(form, levels),
        lambda data: violation_revise(
            violation=violation,
            fields={name: form.cleaned_data[name] for name in form.Meta.fields},
            levels=level_rows(levels),
            actor=request.user,
            expected_number=form.cleaned_data["expected_number"],
            note=form.cleaned_data["note"],
        ),
        lambda saved: f"已保存为第{saved.number}版。" if saved.number != current.number else "内容未变，未产生新版本。",
    )
    if revised is not None:
        return redirect(violation)
    return render(request, "inspections/violations/form.html", {"violation": violation, "form": form, "levels": levels})


class _Both:
    """The version form and its levels formset, valid together; a refusal goes on the version form."""

    def __init__(self, form, formset):
        self.form, self.formset = form, formset
        self.fields = form.fields

    def is_valid(self):
        return all([self.form.is_valid(), self.formset.is_valid()])

    @property
    def cleaned_data(self):
        return self.form.cleaned_data

    def add_error(self, field, errors):
        self.form.add_error(field, errors)


def _proposal(form):
    """The proposal for what the form holds (the 计算裁量 button), or None with the reason on the form."""
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return proposal_for(data["version"], data["party_kind"], data["circumstances"])
    except ValidationError as refusal:
        add_refusal(form, refusal)
        return None


def _decision(data):
    return {name: data[name] for name in ("version", "party_kind", "party_name", "circumstances", "fine", "reason")}


def case_violations(request, pk):
    """The violations found in a case, and the form adding one: 计算裁量 shows the proposal, 保存 records it."""
    case = permissions.get_case_for_user(request.user, pk)
    require(permissions.is_inspector(request.user), "认定违法行为")
    form = CaseViolationForm(request.POST or None)
    if "calculate" in request.POST:
        return _page(request, case, form, _proposal(form))
    added = form_write(
        request,
        form,
        lambda data: case_violation_add(case=case, actor=request.user, **_decision(data)),
        lambda item: f"已认定违法行为“{item.version.violation.title}”，罚款 {item.fine:,.2f} 元。",
    )
    if added is not None:
        return redirect("cases:violations", case.pk)
    return _page(request, case, form, None)


def _page(request, case, form, proposal, item=None):
    return render(
        request,
        "inspections/cases/violations.html",
        {
            "case": case,
            "items": case.violations.select_related("version__violation"),
            "total": case_fine_total(case),
            "form": form,
            "proposal": proposal,
            "item": item,
            "can_change": case.status in OPEN_STATUSES,
        },
    )


def case_violation_edit(request, pk, item_pk):
    case = permissions.get_case_for_user(request.user, pk)
    require(permissions.is_inspector(request.user), "认定违法行为")
    item = get_object_or_404(CaseViolation.objects.select_related("version"), case=case, pk=item_pk)
    initial = {name: getattr(item, name) for name in ("version", "party_kind", "party_name", "circumstances", "reason")}
    form = CaseViolationForm(request.POST or None, keep=item.version, initial={**initial, "fine": item.fine})
    if "calculate" in request.POST:
        return _page(request, case, form, _proposal(form), item)
    changed = form_write(
        request,
        form,
        lambda data: case_violation_change(item=item, actor=request.user, **_decision(data)),
        lambda saved: f"已保存违法行为“{saved.version.violation.title}”的裁量。",
    )
    if changed is not None:
        return redirect("cases:violations", case.pk)
    return _page(request, case, form, None, item)


@require_POST
def remove_case_violation(request, pk, item_pk):
    """Take a violation off the case (a second click is told it is gone already)."""
    case = permissions.get_case_for_user(request.user, pk)
    flash_write(
        request,
        None,
        lambda: case_violation_remove(case=case, item_id=item_pk, actor=request.user),
        "已删除该违法行为。",
    )
    return redirect("cases:violations", case.pk)
