"""Enforcement documents: issuing one (from an inspection or a case) and its printable A4 page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render

from enterprises.permissions import get_enterprise_for_user
from inspections import permissions
from inspections.enforcement.forms import DocumentForm
from inspections.enforcement.models import DocumentKind
from inspections.enforcement.services import document_issue
from inspections.inspection.models import InspectionCheck

# The legal basis printed when the officer writes none; officers may change it per document.
DEFAULT_BASIS = {
    DocumentKind.RECTIFICATION_ORDER: "《中华人民共和国安全生产法》第六十五条",
    DocumentKind.MEASURES_DECISION: "《中华人民共和国安全生产法》第六十五条第一款第（三）项",
    DocumentKind.PENALTY_DECISION: "《中华人民共和国安全生产法》第九十七条",
    DocumentKind.CASE_FILING: "《安全生产违法行为行政处罚办法》第二十二条",
}


def detail(request, pk):
    document = permissions.get_document_for_user(request.user, pk)
    return render(
        request,
        f"inspections/documents/{document.kind}.html",
        {
            "document": document,
            "hazards": document.hazards.all(),
            # The record's findings: the failed checklist items, with their text, in one query.
            "failed_checks": document.inspection.checks.filter(result=InspectionCheck.Result.FAILED).select_related(
                "item"
            )
            if document.inspection_id
            else [],
            "superseded_by": getattr(document, "superseded_by", None),
            "can_correct": permissions.is_inspector(request.user) and not document.is_superseded,
        },
    )


def issue(request, enterprise_pk, kind):
    """Issue a document to an enterprise; `?inspection=`, `?case=` or `?supersedes=` tie it to its context."""
    if kind not in DocumentKind.values:
        raise Http404
    if not permissions.is_inspector(request.user):
        raise PermissionDenied
    enterprise = get_enterprise_for_user(request.user, enterprise_pk)
    context = _context_objects(request, enterprise, kind)
    initial = {"legal_basis": DEFAULT_BASIS.get(kind, "")}
    if context["supersedes"] is not None:
        old = context["supersedes"]
        initial.update(
            facts=old.facts,
            legal_basis=old.legal_basis,
            requirements=old.requirements,
            deadline=old.deadline,
            fine_amount=old.fine_amount,
        )
    form = DocumentForm(request.POST or None, kind=kind, enterprise=enterprise, actor=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            document = document_issue(
                kind=kind, enterprise=enterprise, actor=request.user, **context, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已签发{document.get_kind_display()}：{document.number}")
            return redirect(document)
    return render(
        request,
        "inspections/documents/issue_form.html",
        {"form": form, "enterprise": enterprise, "kind_label": DocumentKind(kind).label, **context},
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
            if not value.isdigit():
                raise Http404
            obj = lookup(request.user, int(value))
            if obj.enterprise_id != enterprise.pk:
                raise Http404
            found[name] = obj
    if found["supersedes"] is not None and found["supersedes"].kind != kind:
        raise Http404
    return found
