"""The import as one service for a user who may register enterprises."""

import logging

from django.db import IntegrityError, transaction

from bureau.roles import require
from enterprises.importer.applying import apply_rows
from enterprises.importer.columns import ImportFileError, ImportResult
from enterprises.importer.grades import check_grades, record_grades
from enterprises.importer.reading import read_upload
from enterprises.importer.sources import MAX_SOURCE_ROWS, SOURCE_SHEET, apply_sources, validate_sources
from enterprises.importer.validating import validate_rows
from enterprises.permissions import can_grade, can_register

logger = logging.getLogger(__name__)


def enterprise_import(*, file, actor):
    """Import enterprises, their initial grades and their major hazard sources from an .xlsx or .csv upload, all
    rows of both sheets or none (staff and admins; initial grades by those who may grade)."""
    require(can_register(actor), "批量导入企业")
    upload = read_upload(file)
    if len(upload.source_rows) > MAX_SOURCE_ROWS:
        raise ImportFileError(f"“{SOURCE_SHEET}”工作表一次最多导入 {MAX_SOURCE_ROWS} 行，请分成几个文件导入。")
    try:
        with transaction.atomic():
            valid, errors = validate_rows(upload.rows)
            # In the order of the sheet's rows (sorted is stable: a row's problems keep their column order).
            errors = sorted(errors + check_grades(valid, may_grade=can_grade(actor)), key=lambda error: error.row)
            codes = [row.values["统一社会信用代码"].upper() for row in upload.rows]
            sources, source_errors = validate_sources(upload.source_rows, codes)
            if errors or source_errors:
                return ImportResult(errors=errors + source_errors)
            created, updated = apply_rows(valid)
            result = ImportResult(created=created, updated=updated, graded=record_grades(valid, actor=actor))
            result.sources_created, result.sources_updated = apply_sources(sources, actor=actor)
    except IntegrityError:
        # Someone registered one of these credit codes while the file was being checked.
        logger.warning("enterprise import by %s hit a concurrent change", actor, exc_info=True)
        raise ImportFileError("导入时有其他人同时登记了相同的企业，未作任何修改。请重新导入。") from None
    logger.info("enterprise import by %s: %d rows, %s", actor, len(upload.rows), result)
    return result
