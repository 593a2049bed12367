"""Enforcement documents: issuing one (from an inspection or a case) and its printable A4 page."""

from django.http import Http404
from django.shortcuts import redirect, render

from bureau.flash import form_write
from bureau.params import ascii_int
from bureau.roles import require
from enterprises.permissions import get_enterprise_for_user
from inspections import permissions
from inspections.enforcement import procedure
from inspections.enforcement.forms import DocumentForm
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import SPECS, DocumentKind
from inspections.enforcement.violation_services import case_fine_total
from inspections.inspection.models import InspectionCheck


def print_context(document):
    """What a document's printed A4 page reads, besides the document: the single page and the case volume."""
    return {
        "document": document,
        "hazards": document.hazards.all(),
        # The record's findings: the failed checklist items, with their text, in one query.
        "failed_checks": document.inspection.checks.filter(result=InspectionCheck.Result.FAILED).select_related("item")
        if document.inspection_id
        else [],
    }


def detail(request, pk):
    document = permissions.get_document_for_user(request.user, pk)
    return render(
        request,
        document.spec.template,
        {
            **print_context(document),
            "superseded_by": getattr(document, "superseded_by", None),
            "photos": document.photos.all() if document.spec.is_evidence else [],
            "services": document.services.select_related("recorded_by"),
            "hearing_right": procedure.is_heavy(document),
            "can_correct": permissions.is_inspector(request.user) and not document.is_superseded,
        },
    )


def issue(request, enterprise_pk, kind):
    """Issue a document to an enterprise; `?inspection=`, `?case=` or `?supersedes=` tie it to its context."""
    spec = SPECS.get(kind)
    if spec is None:
        raise Http404
    require(permissions.is_inspector(request.user), "制作执法文书")
    enterprise = get_enterprise_for_user(request.user, enterprise_pk)
    context = _context_objects(request, enterprise, kind)
    if spec.needs_approval and context["case"] is not None and context["supersedes"] is None:
        # Never issued directly: drafted on the case and approved by the person in charge (without a case, the
        # form shows why it cannot be issued).
        return redirect("cases:draft_new", pk=context["case"].pk, kind=kind)
    initial = {"legal_basis": spec.legal_basis}
    decided = None
    if kind == DocumentKind.PENALTY_DECISION and context["case"] is not None:
        # 合并处罚: the fine is the sum of the fines decided for the case's violations, shown above the form.
        decided = context["case"].violations.select_related("version__violation")
        initial["fine_amount"] = case_fine_total(context["case"])
    if context["supersedes"] is not None:
        old = context["supersedes"]
        initial.update(
            facts=old.facts,
            legal_basis=old.legal_basis,
            requirements=old.requirements,
            deadline=old.deadline,
            fine_amount=old.fine_amount,
        )
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        kind=kind,
        enterprise=enterprise,
        actor=request.user,
        inspection=context["inspection"],
        initial=initial,
    )
    document = form_write(
        request,
        form,
        lambda data: document_issue(kind=kind, enterprise=enterprise, actor=request.user, **context, **data),
        lambda issued: f"已签发{issued.get_kind_display()}：{issued.number}",
    )
    if document is not None:
        return redirect(document)
    return render(
        request,
        "inspections/documents/issue_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "kind_label": spec.title,
            "violations": decided,
            "fine_total": initial.get("fine_amount"),
            **context,
        },
    )


def _context_objects(request, enterprise, kind):
    """The inspection, case or superseded document named in the query string, each checked against the scope."""
    found = {"inspection": None, "case": None, "supersedes": None}
    lookups = {
        "inspection": permissions.get_inspection_for_user,
        "case": permissions.get_case_for_user,
        "supersedes": permissions.get_document_for_user,
    }
    for name, lookup in lookups.items():
        value = request.GET.get(name)
        if value:
            pk = ascii_int(value)
            if pk is None:
                raise Http404
            obj = lookup(request.user, pk)
            if obj.enterprise_id != enterprise.pk:
                raise Http404
            found[name] = obj
    if found["supersedes"] is not None and found["supersedes"].kind != kind:
        raise Http404
    return found
