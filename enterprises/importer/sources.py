"""The second sheet, 重大危险源: major hazard sources of enterprises in the first sheet or already registered.

A source is known by its enterprise and its name: importing the same row again changes nothing, a row with a known
name updates that source's level, control system and filing date, an unknown name adds a source. Sources missing
from the sheet are kept (the sheet adds and corrects; removing a source is done on the dossier). Sources are few
(hundreds in a city), so each is written through major_hazard_source_save, the service the dossier's form uses.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from enterprises.importer.columns import Column, RowError
from enterprises.models import Enterprise, MajorHazardSource
from enterprises.services import major_hazard_source_save

SOURCE_SHEET = "重大危险源"
MAX_SOURCE_ROWS = 5_000
Level, ControlSystem = MajorHazardSource.Level, MajorHazardSource.ControlSystem

SOURCE_COLUMNS = (
    Column("统一社会信用代码", "credit_code", True, "企业的统一社会信用代码：第一个工作表中的企业，或已登记的企业。"),
    Column("危险源名称", "name", True, "最多 100 字。同一企业按名称识别：名称相同的更新，不同的新增。"),
    Column("级别", "level", True, "一级、二级、三级、四级（也可填 1 到 4）。"),
    Column("自动化控制系统", "control_system", False, "未安装、安装中、已验收；空白按“未安装”。"),
    Column("备案日期", "registered_on", False, "如 2024-06-01；可空。"),
)
SOURCE_HEADERS = tuple(column.header for column in SOURCE_COLUMNS)
LEVEL_BY_TEXT = {
    text: level for level in Level for text in (level.label, level.label[0], str(level.value), f"{level.value}级")
}
CONTROL_BY_TEXT = {label: value for value, label in ControlSystem.choices}
# Excel gives a date cell as 2024-06-01T00:00:00; people type 2024-06-01, 2024/6/1 or 2024.6.1.
DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:T00:00:00)?")


@dataclass
class ValidSource:
    number: int
    credit_code: str
    source: MajorHazardSource  # without its enterprise until the enterprises are written


def validate_sources(rows, enterprise_codes):
    """(sources ready to write, errors). `enterprise_codes`: the credit codes of the first sheet's rows."""
    wanted = {row.values["统一社会信用代码"].upper() for row in rows} - set(enterprise_codes)
    registered = set(Enterprise.objects.filter(credit_code__in=wanted).values_list("credit_code", flat=True))
    known = set(enterprise_codes) | registered
    valid, errors, first_row = [], [], {}
    for row in rows:
        source, code, row_errors = _build(row, known)
        key = (code, source.name)
        if code and source.name and key in first_row:
            row_errors.insert(0, _error(row, "危险源名称", f"与第 {first_row[key]} 行是同一企业的同名危险源。"))
        first_row.setdefault(key, row.number)
        if row_errors:
            errors.extend(row_errors)
        else:
            valid.append(ValidSource(row.number, code, source))
    return valid, errors


def _error(row, column, message):
    return RowError(row.number, column, message, sheet=SOURCE_SHEET)


def _build(row, known):
    values, errors = row.values, []
    code = values["统一社会信用代码"].upper()
    if not code:
        errors.append(_error(row, "统一社会信用代码", "请填写危险源所属企业的统一社会信用代码。"))
    elif code not in known:
        errors.append(
            _error(row, "统一社会信用代码", f"找不到信用代码为“{code}”的企业：它既不在第一个工作表中，也未登记。")
        )
    source = MajorHazardSource(name=values["危险源名称"], control_system=ControlSystem.NONE)
    level_text = values["级别"]
    source.level = LEVEL_BY_TEXT.get(level_text)
    if level_text and source.level is None:
        errors.append(_error(row, "级别", f"“{level_text}”不是危险源级别，请填写一级、二级、三级或四级。"))
    control_text = values["自动化控制系统"]
    if control_text:
        source.control_system = CONTROL_BY_TEXT.get(control_text)
        if source.control_system is None:
            labels = "、".join(CONTROL_BY_TEXT)
            errors.append(_error(row, "自动化控制系统", f"“{control_text}”不是可选的状态，请填写其一：{labels}。"))
    date_text = values["备案日期"]
    if date_text:
        source.registered_on = _date(date_text)
        if source.registered_on is None:
            errors.append(_error(row, "备案日期", f"“{date_text}”不是日期，请按 2024-06-01 的格式填写。"))
    reported = {e.column for e in errors}
    exclude = ["enterprise"] + [c.field for c in SOURCE_COLUMNS if c.header in reported]
    try:
        source.clean_fields(exclude=exclude)
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            header = next((c.header for c in SOURCE_COLUMNS if c.field == field_name), "—")
            errors.extend(_error(row, header, message) for message in messages)
    return source, code, errors


def _date(text):
    match = DATE.fullmatch(text)
    if not match:
        return None
    try:
        return date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def apply_sources(valid, *, actor):
    """Add the new sources and correct the changed ones, in the caller's transaction: (created, updated)."""
    if not valid:
        return 0, 0
    ids = dict(
        Enterprise.objects.filter(credit_code__in={v.credit_code for v in valid}).values_list("credit_code", "pk")
    )
    stored = {}
    for source in MajorHazardSource.objects.filter(enterprise_id__in=ids.values()).order_by("pk"):
        stored.setdefault((source.enterprise_id, source.name), source)
    created = updated = 0
    for row in valid:
        new = row.source
        new.enterprise_id = ids[row.credit_code]
        old = stored.get((new.enterprise_id, new.name))
        if old is None:
            major_hazard_source_save(source=new, actor=actor)
            created += 1
        elif (old.level, old.control_system, old.registered_on) != (new.level, new.control_system, new.registered_on):
            old.level, old.control_system, old.registered_on = new.level, new.control_system, new.registered_on
            major_hazard_source_save(source=old, actor=actor)
            updated += 1
    return created, updated
