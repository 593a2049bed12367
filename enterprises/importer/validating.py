"""Checking every row against the model's rules, with no query per row."""

import re

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from enterprises.importer.columns import (
    BOOLEAN_FIELDS,
    CATEGORY_SEPARATORS,
    CHOICES_BY_FIELD,
    CLEAN_READS,
    GRADE_BY_TEXT,
    GRADE_TEXTS,
    HEADER_BY_FIELD,
    NO,
    NOT_VALIDATED,
    VALUE_BY_LABEL,
    YES,
    RowError,
    ValidRow,
    _labels,
)
from enterprises.industries import industry_from_text
from enterprises.models import Enterprise, SpecialCategory
from grids.models import GridCell, GridLevel


def validate_rows(rows):
    """(rows ready to write, errors): each error a RowError naming the row, the column and the problem."""
    # The whole grid (a city's few thousand cells) in one query: no IN list as long as the file.
    cells = {cell.code: cell for cell in GridCell.objects.only("pk", "code", "level", "path")}
    towns = {code: cell.pk for code, cell in cells.items() if cell.level == GridLevel.TOWN}
    categories = dict(SpecialCategory.objects.values_list("name", "pk"))
    valid, errors = [], []
    first_row_by_code = {}
    for row in rows:
        enterprise, category_ids, grade, row_errors = _build(row, cells, towns, categories)
        code = enterprise.credit_code
        if code and code in first_row_by_code:
            row_errors.insert(0, RowError(row.number, "统一社会信用代码", f"与第 {first_row_by_code[code]} 行重复。"))
        elif code:
            first_row_by_code[code] = row.number
        if row_errors:
            errors.extend(row_errors)
        else:
            valid.append(ValidRow(row.number, enterprise, category_ids, grade))
    return valid, errors


def _build(row, cells, towns, categories):
    values = row.values
    errors = []

    def error(field_name, message):
        errors.append(RowError(row.number, HEADER_BY_FIELD.get(field_name, field_name), message))

    enterprise = Enterprise(
        credit_code=values["统一社会信用代码"].upper(),
        name=values["单位名称"],
        address=values["地址"],
        legal_representative=values["法定代表人"],
        safety_contact=values["安全生产主要负责人"],
        safety_phone=values["联系电话"],
        service_provider=values["互助联盟或服务机构名称"],
    )
    for field_name, choices in CHOICES_BY_FIELD.items():
        text = values[HEADER_BY_FIELD[field_name]]
        value = VALUE_BY_LABEL[field_name].get(text)
        if text and value is None:
            error(field_name, f"“{text}”不是可选的{HEADER_BY_FIELD[field_name]}，请填写其一：{_labels(choices)}。")
        setattr(enterprise, field_name, value or "")
    enterprise.industry = _industry(values["行业"], error)
    grade = _grade(values.get("初始等级", ""), error)
    for field_name in BOOLEAN_FIELDS:
        text = values[HEADER_BY_FIELD[field_name]]
        if text not in (YES, NO, ""):
            error(field_name, f"应填写“是”或“否”，不能是“{text}”。")
        setattr(enterprise, field_name, text == YES)
    employees = values["从业人数"]
    if employees and not re.fullmatch(r"-?\d+", employees):
        error("employees", f"应为整数，不能是“{employees}”。")
    enterprise.employees = int(employees) if re.fullmatch(r"-?\d+", employees) else 0

    _place(enterprise, values["所在网格编码"], cells, towns, error)
    category_ids = _categories(values["特殊类别"], categories, error)

    # The model's own rules: field validators (credit code, lengths, ranges, required), then Enterprise.clean.
    # A column already reported is not validated again: one clear message per problem.
    reported = {e.column for e in errors}
    exclude = NOT_VALIDATED + [f for f, header in HEADER_BY_FIELD.items() if header in reported]
    try:
        enterprise.clean_fields(exclude=exclude)
    except ValidationError as exc:
        _add_model_errors(exc, error)
    # Enterprise.clean checks the cell's level and the provider against the mode; it would misread a column
    # already found wrong, so it runs only when those columns are sound.
    if not {e.column for e in errors} & {HEADER_BY_FIELD[f] for f in CLEAN_READS}:
        try:
            enterprise.clean()
        except ValidationError as exc:
            _add_model_errors(exc, error)
    return enterprise, frozenset(category_ids), grade, errors


def _industry(text, error):
    industry = industry_from_text(text)
    if text and industry is None:
        error("industry", f"找不到行业“{text}”：请填写行业名称或 GB/T 4754-2017 行业代码，可选行业见模板的“填写说明”。")
    return industry or ""


def _grade(text, error):
    if text in ("", "未定级"):
        return ""
    grade = GRADE_BY_TEXT.get(text)
    if grade is None:
        error("grade", f"“{text}”不是四色等级，请填写其一：{GRADE_TEXTS}；未定级请留空。")
    return grade or ""


def _place(enterprise, code, cells, towns, error):
    """The enterprise's cell from its code, and its town from the cell's path."""
    cell = cells.get(code)
    if cell is not None:
        enterprise.grid_cell = cell
        parts = cell.path.strip("/").split("/")
        enterprise.town_id = towns.get(parts[1]) if len(parts) > 1 else None
    elif code:
        error("grid_cell", f"找不到编码为“{code}”的网格。")
    else:
        error("grid_cell", "请填写企业所在四级网格的编码。")


def _categories(text, categories, error):
    category_ids = set()
    for name in filter(None, (part.strip() for part in CATEGORY_SEPARATORS.split(text))):
        if name in categories:
            category_ids.add(categories[name])
        else:
            error("special_categories", f"没有名为“{name}”的特殊类别，可选：{'、'.join(categories)}。")
    return category_ids


def _add_model_errors(exc, error):
    for field_name, messages in exc.message_dict.items():
        if field_name == NON_FIELD_ERRORS:
            field_name = "—"
        elif field_name not in HEADER_BY_FIELD:
            field_name = str(Enterprise._meta.get_field(field_name).verbose_name)
        for message in messages:
            error(field_name, message)


# Writing ----------------------------------------------------------------------------------------------------------
