"""The case volume (一事一册): one page to print from the browser, and the same page as one PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from inspections import permissions
from inspections.enforcement.pdf import html_to_pdf
from inspections.enforcement.volume import volume_parts

TEMPLATE = "inspections/cases/volume.html"


def _context(request, pk):
    case = permissions.get_case_for_user(request.user, pk)
    return {
        "case": case,
        "parts": volume_parts(case),
        "events": case.events.select_related("actor"),
        "documents_count": case.documents.count(),
    }


@require_safe
def volume(request, pk):
    return render(request, TEMPLATE, _context(request, pk))


@require_safe
def volume_pdf(request, pk):
    context = _context(request, pk)
    html = render_to_string(TEMPLATE, {**context, "as_pdf": True}, request=request)
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="case-{context["case"].pk}.pdf"'
    return response
