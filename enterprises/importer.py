"""Bulk import of enterprises from a spreadsheet: every row is valid, or nothing is written.

Three steps, each usable on its own: `read_rows(file)` parses an .xlsx or .csv
upload into rows of text; `validate_rows(rows)` checks them against the model's
rules and returns the rows ready to write plus a list of (row, column, problem);
`apply_rows(valid)` creates or updates by credit code in one transaction.
`enterprise_import(*, file, actor)` runs the three for a user who may register.

A 20,000-row file must take seconds, so nothing here queries per row: grid
cells, categories, existing enterprises and their categories are loaded into
dicts once; new rows go out with bulk_create, changed rows in one UPDATE (see _update_all).
"""

import csv
import io
import logging
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePath

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from enterprises.models import Enterprise, Industry, ServiceMode, SpecialCategory, Status
from enterprises.permissions import can_register
from grids.models import GridCell, GridLevel

logger = logging.getLogger(__name__)

MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 50_000
# An .xlsx is a zip: refuse one that would inflate past this (a "zip bomb") before parsing it.
MAX_XLSX_UNPACKED_BYTES = 200 * 1024 * 1024
# Only where bulk_update is used (not PostgreSQL): its SQL grows with batch size times fields.
UPDATE_BATCH_SIZE = 500
MAX_ERRORS_SHOWN = 500

YES, NO = "是", "否"
CATEGORY_SEPARATORS = re.compile(r"[、,，]")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    required: bool = False
    note: str = ""


def _labels(choices):
    return "、".join(label for _, label in choices.choices)


COLUMNS = (
    Column("统一社会信用代码", "credit_code", True, "18 位，按 GB 32100-2015 校验；已登记的更新该企业，未登记的新增。"),
    Column("单位名称", "name", True, "最多 200 字。"),
    Column("行业", "industry", True, f"填写其一：{_labels(Industry)}。"),
    Column("所在网格编码", "grid_cell", True, "企业所在四级网格（村居网格）的编码。"),
    Column("地址", "address", False, "最多 200 字。"),
    Column("法定代表人", "legal_representative", False, "最多 50 字。"),
    Column("安全生产主要负责人", "safety_contact", False, "最多 50 字。"),
    Column("联系电话", "safety_phone", False, "最多 32 位。"),
    Column("从业人数", "employees", False, "非负整数；空白按 0。"),
    Column("经营状态", "status", True, f"填写其一：{_labels(Status)}。"),
    Column("特殊类别", "special_categories", False, "可填多个，用“、”或“,”分隔；可选项见下方。"),
    Column("涉及危化品", "uses_hazardous_chemicals", False, "是 / 否；空白按“否”。"),
    Column("重点监管", "key_supervision", False, "是 / 否；空白按“否”。"),
    Column("社会化服务模式", "service_mode", True, f"填写其一：{_labels(ServiceMode)}。"),
    Column("互助联盟或服务机构名称", "service_provider", False, "服务模式不为“无”时必填；为“无”时忽略。"),
    Column("安全生产协会会员", "association_member", False, "是 / 否；空白按“否”。"),
)
HEADERS = tuple(column.header for column in COLUMNS)
HEADER_BY_FIELD = {column.field: column.header for column in COLUMNS}
CHOICES_BY_FIELD = {"industry": Industry, "status": Status, "service_mode": ServiceMode}
VALUE_BY_LABEL = {
    name: {label: value for value, label in choices.choices} for name, choices in CHOICES_BY_FIELD.items()
}
BOOLEAN_FIELDS = ("uses_hazardous_chemicals", "key_supervision", "association_member")
# The model fields a row sets; compared against the stored enterprise to tell an update from no change.
ROW_FIELDS = tuple(column.field for column in COLUMNS if column.field not in ("credit_code", "special_categories"))
CLEAN_READS = ("grid_cell", "service_mode", "service_provider")
# Fields not validated per row: the grid cell is looked up from a preloaded dict (the model's check is a query).
NOT_VALIDATED = ["grid_cell", "town", "grade", "last_inspected_on"]


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in words for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


@dataclass
class SourceRow:
    number: int  # as the user sees it in Excel: the header is row 1
    values: dict  # header -> stripped text


@dataclass
class ValidRow:
    number: int
    enterprise: Enterprise  # unsaved, with town_id set
    category_ids: frozenset


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def errors_shown(self):
        return self.errors[:MAX_ERRORS_SHOWN]


# Reading ----------------------------------------------------------------------------------------------------------


def read_rows(file):
    """The data rows of an uploaded .xlsx or .csv (blank rows left out), or ImportFileError."""
    name = getattr(file, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        if suffix == ".xls":
            raise ImportFileError("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。")
        raise ImportFileError("只能导入 .xlsx 或 .csv 文件。")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ImportFileError(f"文件过大（{size / 1024 / 1024:.1f} MB），不能超过 {MAX_FILE_MB} MB。")
    file.seek(0)
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"文件过大，不能超过 {MAX_FILE_MB} MB。")
    if not data.strip():
        raise ImportFileError("文件是空的。")
    table = _xlsx_table(data) if suffix == ".xlsx" else _csv_table(data)
    try:
        return _rows_from_table(table)
    finally:
        table.close()  # closes the workbook even when the header is refused halfway


def _xlsx_table(data):
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError("文件不是有效的 Excel（.xlsx）文件，可能只是改了扩展名。请用 Excel 另存为 .xlsx 再导入。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        unpacked = None
    if unpacked is None or unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError("文件不是有效的 Excel（.xlsx）文件，或解压后过大。")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.worksheets[0]
            # Some programs write a wrong size into the sheet; read to the real end instead of trusting it.
            sheet.reset_dimensions()
            for values in sheet.iter_rows(values_only=True):
                yield [_cell_text(value) for value in values]
        finally:
            workbook.close()
    # openpyxl raises many kinds of error on a damaged file; every one means the same to the user.
    except Exception as exc:
        logger.info("unreadable xlsx upload: %r", exc)
        raise ImportFileError(
            "无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式。请用 Excel 另存为 .xlsx 后再导入。"
        ) from None


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _csv_table(data):
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("该文件是 Excel 文件而不是 CSV，请将扩展名改为 .xlsx 后再导入。")
    if b"\x00" in data:
        raise ImportFileError("文件不是文本格式的 CSV，请用 Excel 另存为“CSV UTF-8（逗号分隔）”后再导入。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves plain "CSV" in GBK; GB18030 reads that and more.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportFileError("无法识别文件的文字编码，请用 Excel 另存为“CSV UTF-8（逗号分隔）”。") from None
    try:
        for values in csv.reader(io.StringIO(text, newline="")):
            yield [value.strip() for value in values]
    except csv.Error as exc:
        raise ImportFileError(f"CSV 文件格式有误：{exc}。") from None


def _rows_from_table(table):
    header = None
    rows = []
    for number, values in enumerate(table, start=1):
        if not any(values):
            continue
        if header is None:
            header = _check_header(values)
            continue
        if len(rows) >= MAX_ROWS:
            raise ImportFileError(f"数据行过多：一次最多导入 {MAX_ROWS} 行，请分成几个文件导入。")
        rows.append(SourceRow(number, {name: values[i] if i < len(values) else "" for name, i in header.items()}))
    if header is None:
        raise ImportFileError("文件是空的。")
    if not rows:
        raise ImportFileError("文件中只有表头，没有数据行。")
    return rows


def _check_header(values):
    """Header name -> column index. Columns are matched by name, so their order does not matter."""
    end = len(values)
    while end and not values[end - 1]:
        end -= 1
    found = [value.strip() for value in values[:end]]
    problems = []
    missing = [name for name in HEADERS if name not in found]
    if missing:
        problems.append("缺少列：" + "、".join(missing))
    unknown = [name or f"第 {i + 1} 列（空表头）" for i, name in enumerate(found) if name not in HEADERS]
    if unknown:
        problems.append("无法识别的列：" + "、".join(unknown))
    repeated = sorted({name for name in found if name and found.count(name) > 1}, key=found.index)
    if repeated:
        problems.append("重复的列：" + "、".join(repeated))
    if problems:
        raise ImportFileError("表头与模板不一致（" + "；".join(problems) + "）。请下载模板，按模板的表头填写。")
    return {name: found.index(name) for name in HEADERS}


# Validating -------------------------------------------------------------------------------------------------------


def validate_rows(rows):
    """(rows ready to write, errors): each error a RowError naming the row, the column and the problem."""
    # The whole grid (a city's few thousand cells) in one query: no IN list as long as the file.
    cells = {cell.code: cell for cell in GridCell.objects.only("pk", "code", "level", "path")}
    towns = {code: cell.pk for code, cell in cells.items() if cell.level == GridLevel.TOWN}
    categories = dict(SpecialCategory.objects.values_list("name", "pk"))
    valid, errors = [], []
    first_row_by_code = {}
    for row in rows:
        enterprise, category_ids, row_errors = _build(row, cells, towns, categories)
        code = enterprise.credit_code
        if code and code in first_row_by_code:
            row_errors.insert(0, RowError(row.number, "统一社会信用代码", f"与第 {first_row_by_code[code]} 行重复。"))
        elif code:
            first_row_by_code[code] = row.number
        if row_errors:
            errors.extend(row_errors)
        else:
            valid.append(ValidRow(row.number, enterprise, category_ids))
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
    for field_name in BOOLEAN_FIELDS:
        text = values[HEADER_BY_FIELD[field_name]]
        if text not in (YES, NO, ""):
            error(field_name, f"应填写“是”或“否”，不能是“{text}”。")
        setattr(enterprise, field_name, text == YES)
    employees = values["从业人数"]
    if employees and not re.fullmatch(r"-?\d+", employees):
        error("employees", f"应为整数，不能是“{employees}”。")
    enterprise.employees = int(employees) if re.fullmatch(r"-?\d+", employees) else 0

    code = values["所在网格编码"]
    cell = cells.get(code)
    if cell is not None:
        enterprise.grid_cell = cell
        parts = cell.path.strip("/").split("/")
        enterprise.town_id = towns.get(parts[1]) if len(parts) > 1 else None
    elif code:
        error("grid_cell", f"找不到编码为“{code}”的网格。")
    else:
        error("grid_cell", "请填写企业所在四级网格的编码。")

    category_ids = set()
    for name in filter(None, (part.strip() for part in CATEGORY_SEPARATORS.split(values["特殊类别"]))):
        if name in categories:
            category_ids.add(categories[name])
        else:
            error("special_categories", f"没有名为“{name}”的特殊类别，可选：{'、'.join(categories)}。")

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
    return enterprise, frozenset(category_ids), errors


def _add_model_errors(exc, error):
    for field_name, messages in exc.message_dict.items():
        if field_name == NON_FIELD_ERRORS:
            field_name = "—"
        elif field_name not in HEADER_BY_FIELD:
            field_name = str(Enterprise._meta.get_field(field_name).verbose_name)
        for message in messages:
            error(field_name, message)


# Writing ----------------------------------------------------------------------------------------------------------


def apply_rows(valid_rows):
    """Create the new enterprises and update the changed ones, in one transaction: (created, updated)."""
    links = Enterprise.special_categories.through
    with transaction.atomic():
        existing = {}
        for codes in _slices([row.enterprise.credit_code for row in valid_rows]):
            existing.update((e.credit_code, e) for e in Enterprise.objects.filter(credit_code__in=codes))
        current_categories = defaultdict(set)
        for ids in _slices([e.pk for e in existing.values()]):
            pairs = links.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "specialcategory_id")
            for enterprise_id, category_id in pairs:
                current_categories[enterprise_id].add(category_id)

        now = timezone.now()
        to_create, to_update, categories_changed = [], [], []
        for row in valid_rows:
            stored = existing.get(row.enterprise.credit_code)
            if stored is None:
                to_create.append(row)
                continue
            fields_changed = _copy_changes(row.enterprise, stored)
            if row.category_ids != current_categories[stored.pk]:
                categories_changed.append((stored, row.category_ids))
            elif not fields_changed:
                continue
            stored.updated_at = now
            to_update.append(stored)

        Enterprise.objects.bulk_create([row.enterprise for row in to_create])
        _update_all(to_update, [*ROW_FIELDS, "town", "updated_at"])
        for ids in _slices([stored.pk for stored, _ in categories_changed]):
            links.objects.filter(enterprise_id__in=ids).delete()
        new_links = [
            links(enterprise_id=row.enterprise.pk, specialcategory_id=category_id)
            for row in to_create
            for category_id in row.category_ids
        ] + [
            links(enterprise_id=stored.pk, specialcategory_id=category_id)
            for stored, category_ids in categories_changed
            for category_id in category_ids
        ]
        links.objects.bulk_create(new_links)
    return len(to_create), len(to_update)


def _slices(values):
    """All values in one slice where the database takes any number of parameters (PostgreSQL), else as many as fit."""
    size = connection.features.max_query_params or len(values) or 1
    return [values[start : start + size] for start in range(0, len(values), size)]


def _copy_changes(source, target):
    changed = False
    for name in [*ROW_FIELDS, "town"]:
        attname = Enterprise._meta.get_field(name).attname
        value = getattr(source, attname)
        if getattr(target, attname) != value:
            setattr(target, attname, value)
            changed = True
    return changed


def _update_all(enterprises, field_names):
    """Write the given fields of many enterprises.

    bulk_update builds a CASE expression per field and row in Python: 20,000 changed rows took 47 s, nearly all of
    it in Django. On PostgreSQL one UPDATE ... FROM UNNEST of per-column arrays (as Django 5.2's bulk_create does
    for inserts) writes them in a statement; other databases (SQLite for `make run`) use bulk_update.
    """
    if not enterprises:
        return
    if connection.vendor != "postgresql":
        Enterprise.objects.bulk_update(enterprises, field_names, batch_size=UPDATE_BATCH_SIZE)
        return
    meta = Enterprise._meta
    fields = [meta.pk, *(meta.get_field(name) for name in field_names)]
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields]
    # The bare type ("varchar", not "varchar(200)"): the column's own type still checks the length.
    arrays = ", ".join(f"%s::{f.db_type(connection).split('(')[0]}[]" for f in fields)
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {', '.join(f'{c} = v.{c}' for c in columns[1:])} "
        f"FROM UNNEST({arrays}) AS v({', '.join(columns)}) "
        f"WHERE {quote(meta.db_table)}.{columns[0]} = v.{columns[0]}"
    )
    params = [[f.get_db_prep_save(getattr(e, f.attname), connection) for e in enterprises] for f in fields]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# The service ------------------------------------------------------------------------------------------------------


def enterprise_import(*, file, actor):
    """Import enterprises from an .xlsx or .csv upload, all rows or none (staff and admins)."""
    if not can_register(actor):
        raise PermissionDenied("您的角色不能批量导入企业。")
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
    header = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 80
    notes.append(["列名", "是否必填", "说明"])
    for column in COLUMNS:
        notes.append([column.header, "必填" if column.required else "选填", column.note])
    notes.append([])
    notes.append(["特殊类别可选项", "", "、".join(SpecialCategory.objects.values_list("name", flat=True))])
    notes.append(["说明", "", "只读取第一个工作表；表头须与模板一致；每行是企业的完整登记信息，更新时空白会清空原值。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
