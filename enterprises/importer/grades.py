"""Initial grades from the import: checked against the registry, then recorded as grade decisions.

An initial grade is for an enterprise that has none: a new one, or a registered one not graded yet. An enterprise
already graded keeps its grade; the same grade in the file is no change, a different one is refused, since a
change of grade needs its reason (the dossier's form). Recorded through enterprises.services, as every grade.
"""

from django.utils import timezone

from enterprises.importer.applying import _slices
from enterprises.importer.columns import ImportFileError, RowError
from enterprises.models import Enterprise, RiskGrade
from enterprises.services import enterprise_grades_record

INITIAL_GRADE_REASON = "批量导入初始等级"


def check_grades(valid_rows, *, may_grade):
    """Errors for rows grading an enterprise already graded otherwise; a row repeating the current grade is left with
    nothing to record. Refuses the file if it grades and the user may not (`may_grade`, permissions.can_grade)."""
    graded = [row for row in valid_rows if row.grade]
    if not graded:
        return []
    if not may_grade:
        raise ImportFileError(
            "您的账号不能给企业定级：请清空“初始等级”列后再导入，或请业务科室（监管人员）导入含初始等级的文件。"
        )
    current = {}
    for codes in _slices([row.enterprise.credit_code for row in graded]):
        stored = Enterprise.objects.filter(credit_code__in=codes).exclude(grade="")
        current.update(stored.values_list("credit_code", "grade"))
    errors = []
    for row in graded:
        grade = current.get(row.enterprise.credit_code)
        if grade == row.grade:
            row.grade = ""
        elif grade:
            label = RiskGrade(grade).label
            message = (
                f"该企业已定级为“{label}”，初始等级只给未定级的企业定级。调整等级请在企业档案中填写理由，或将此格留空。"
            )
            errors.append(RowError(row.number, "初始等级", message))
    return errors


def record_grades(valid_rows, *, actor):
    """Record the initial grades of the written rows, today, in the caller's transaction; how many."""
    graded = [row for row in valid_rows if row.grade]
    if not graded:
        return 0
    ids = {}
    for codes in _slices([row.enterprise.credit_code for row in graded]):
        ids.update(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "pk"))
    grades = {ids[row.enterprise.credit_code]: row.grade for row in graded}
    enterprise_grades_record(
        grades=grades, effective_date=timezone.localdate(), reason=INITIAL_GRADE_REASON, actor=actor
    )
    return len(grades)
