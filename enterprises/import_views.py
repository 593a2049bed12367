"""Bulk import of enterprises: the upload page and the template download (staff and admins)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_safe

from bureau.exports import XLSX_TYPE
from enterprises.importer import (
    COLUMNS,
    MAX_FILE_MB,
    MAX_ROWS,
    SOURCE_COLUMNS,
    ImportFileError,
    enterprise_import,
    template_workbook,
)
from enterprises.industries import STANDARD, Industry
from enterprises.models import SpecialCategory
from enterprises.permissions import can_register


class ImportForm(forms.Form):
    file = forms.FileField(
        label="导入文件",
        help_text=f".xlsx 或 .csv，不超过 {MAX_FILE_MB} MB、{MAX_ROWS} 行。",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
        error_messages={"required": "请选择要导入的文件。", "empty": "文件是空的。"},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def import_upload(request):
    if not can_register(request.user):
        raise PermissionDenied
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = enterprise_import(file=form.cleaned_data["file"], actor=request.user)
        except ImportFileError as exc:
            form.add_error("file", exc.message)
        else:
            if not result.errors:
                messages.success(request, _summary(result))
                return redirect("enterprises:import")
    return render(
        request,
        "enterprises/import.html",
        {
            "form": form,
            "result": result,
            "columns": COLUMNS,
            "source_columns": SOURCE_COLUMNS,
            "industries": [(industry.label, STANDARD[industry]) for industry in Industry],
            "categories": SpecialCategory.objects.values_list("name", flat=True),
        },
    )


def _summary(result):
    if result.changed_nothing:
        return "文件中的内容与系统中已有的一致，未作任何修改。"
    text = f"导入完成：新增 {result.created} 家，更新 {result.updated} 家"
    if result.graded:
        text += f"，初始定级 {result.graded} 家"
    if result.sources_created or result.sources_updated:
        text += f"；重大危险源新增 {result.sources_created} 个，更新 {result.sources_updated} 个"
    return text + "。"


@require_safe
def import_template(request):
    if not can_register(request.user):
        raise PermissionDenied
    return HttpResponse(
        template_workbook(),
        content_type=XLSX_TYPE,
        headers={"Content-Disposition": content_disposition_header(True, "企业批量导入模板.xlsx")},
    )
