"""The import as one service for a user who may register enterprises, and the template to fill in."""

import io
import logging

from django.db import IntegrityError, transaction
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bureau.exports import xlsx_append, xlsx_cell
from bureau.roles import require
from enterprises.importer.applying import apply_rows
from enterprises.importer.columns import (
    BOOLEAN_FIELDS,
    CHOICES_BY_FIELD,
    COLUMNS,
    HEADERS,
    MAX_ROWS,
    NO,
    YES,
    ImportFileError,
    ImportResult,
)
from enterprises.importer.reading import read_rows
from enterprises.importer.validating import validate_rows
from enterprises.models import SpecialCategory
from enterprises.permissions import can_register

logger = logging.getLogger(__name__)


def enterprise_import(*, file, actor):
    """Import enterprises from an .xlsx or .csv upload, all rows or none (staff and admins)."""
    require(can_register(actor), "批量导入企业")
    rows = read_rows(file)
    try:
        with transaction.atomic():
            valid, errors = validate_rows(rows)
            if errors:
                return ImportResult(errors=errors)
            created, updated = apply_rows(valid)
    except IntegrityError:
        # Someone registered one of these credit codes while the file was being checked.
        logger.warning("enterprise import by %s hit a concurrent change", actor, exc_info=True)
        raise ImportFileError("导入时有其他人同时登记了相同的企业，未作任何修改。请重新导入。") from None
    logger.info("enterprise import by %s: %d rows, %d created, %d updated", actor, len(rows), created, updated)
    return ImportResult(created=created, updated=updated)


# The template -----------------------------------------------------------------------------------------------------


def template_workbook():
    """An empty .xlsx with the header row, drop-down lists for the choice columns and a sheet of notes."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业信息")
    sheet.freeze_panes = "A2"
    last_row = MAX_ROWS + 1
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24 if column.field in ("credit_code", "name", "address") else 14
        # Text, so Excel keeps an all-digit credit code or a phone number as typed instead of rounding it.
        sheet.column_dimensions[letter].number_format = "@"
        options = None
        if column.field in CHOICES_BY_FIELD:
            options = [label for _, label in CHOICES_BY_FIELD[column.field].choices]
        elif column.field in BOOLEAN_FIELDS:
            options = [YES, NO]
        if options:
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{last_row}")
            sheet.data_validations.append(validation)
    bold = Font(bold=True)
    header = [xlsx_cell(sheet, name) for name in HEADERS]
    for cell in header:
        cell.font = bold
    sheet.append(header)

    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 80
    # Through bureau.exports like every download: the category names are typed in by an admin.
    xlsx_append(notes, ["列名", "是否必填", "说明"])
    for column in COLUMNS:
        xlsx_append(notes, [column.header, "必填" if column.required else "选填", column.note])
    notes.append([])
    xlsx_append(notes, ["特殊类别可选项", "", "、".join(SpecialCategory.objects.values_list("name", flat=True))])
    rules = "只读取第一个工作表；表头须与模板一致；每行是企业的完整登记信息，更新时空白会清空原值。"
    xlsx_append(notes, ["说明", "", rules])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
