"""The template to fill in: the enterprises' sheet, the 重大危险源 sheet, and a sheet of notes with an example."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from bureau.exports import xlsx_append, xlsx_cell
from enterprises.importer.columns import (
    BOOLEAN_FIELDS,
    CHOICES_BY_FIELD,
    COLUMNS,
    ENTERPRISE_SHEET,
    MAX_ROWS,
    NO,
    YES,
)
from enterprises.importer.sources import CONTROL_BY_TEXT, MAX_SOURCE_ROWS, SOURCE_COLUMNS, SOURCE_SHEET
from enterprises.industries import STANDARD, Industry
from enterprises.models import MajorHazardSource, RiskGrade, SpecialCategory

WIDE = ("credit_code", "name", "address")
# One example of each sheet, shown on the notes sheet rather than in the sheets themselves: a template uploaded
# unchanged must not register a made-up enterprise.
EXAMPLE_ENTERPRISE = {
    "统一社会信用代码": "91330381MA2XXXXXXX",
    "单位名称": "瑞安市某某冷链物流有限公司",
    "行业": "冷库",
    "所在网格编码": "（村居网格编码）",
    "地址": "某某街道某某路 1 号",
    "法定代表人": "张三",
    "安全生产主要负责人": "李四",
    "联系电话": "0577-65000000",
    "从业人数": "25",
    "经营状态": "在营",
    "特殊类别": "涉氨制冷、有限空间",
    "涉及危化品": "是",
    "重点监管": "是",
    "社会化服务模式": "无",
    "互助联盟或服务机构名称": "",
    "安全生产协会会员": "否",
    "初始等级": "黄",
}
EXAMPLE_SOURCE = {
    "统一社会信用代码": "91330381MA2XXXXXXX",
    "危险源名称": "液氨储罐区",
    "级别": "四级",
    "自动化控制系统": "已验收",
    "备案日期": "2024-06-01",
}


def template_workbook():
    """An empty .xlsx: the two sheets with their header rows and drop-down lists, and a sheet of notes."""
    workbook = Workbook(write_only=True)
    options = {field: [label for _, label in choices.choices] for field, choices in CHOICES_BY_FIELD.items()}
    options.update({field: [YES, NO] for field in BOOLEAN_FIELDS})
    options["industry"] = list(Industry.labels)
    options["grade"] = [grade.label[0] for grade in RiskGrade]
    _data_sheet(workbook, ENTERPRISE_SHEET, COLUMNS, options, MAX_ROWS)
    source_options = {
        "level": list(MajorHazardSource.Level.labels),
        "control_system": list(CONTROL_BY_TEXT),
    }
    _data_sheet(workbook, SOURCE_SHEET, SOURCE_COLUMNS, source_options, MAX_SOURCE_ROWS)
    _notes_sheet(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_sheet(workbook, title, columns, options_by_field, max_rows):
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = 24 if column.field in WIDE else 14
        # Text, so Excel keeps an all-digit credit code or a phone number as typed instead of rounding it.
        sheet.column_dimensions[letter].number_format = "@"
        options = options_by_field.get(column.field)
        if options:
            # A list, not a rule: the industry may also be given by its code, so a value off the list is allowed.
            validation = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{max_rows + 1}")
            sheet.data_validations.append(validation)
    bold = Font(bold=True)
    header = [xlsx_cell(sheet, column.header) for column in columns]
    for cell in header:
        cell.font = bold
    sheet.append(header)


def _notes_sheet(workbook):
    notes = workbook.create_sheet("填写说明")
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["B"].width = 14
    notes.column_dimensions["C"].width = 80
    # Through bureau.exports like every download: the category names are typed in by an admin.
    for title, columns in ((ENTERPRISE_SHEET, COLUMNS), (SOURCE_SHEET, SOURCE_COLUMNS)):
        xlsx_append(notes, [f"“{title}”工作表的列", "是否必填", "说明"])
        for column in columns:
            xlsx_append(notes, [column.header, "必填" if column.required else "选填", column.note])
        notes.append([])
    xlsx_append(notes, ["特殊类别可选项", "", "、".join(SpecialCategory.objects.values_list("name", flat=True))])
    xlsx_append(notes, ["初始等级可选项", "", "、".join(grade.label for grade in RiskGrade)])
    notes.append([])
    xlsx_append(notes, ["行业（本市名称）", "GB/T 4754-2017 代码", "国家标准名称"])
    for industry in Industry:
        standards = STANDARD[industry]
        codes = "、".join(s.code for s in standards)
        xlsx_append(notes, [industry.label, codes, "、".join(s.name for s in standards) or "以上均不属于的"])
    notes.append([])
    rules = (
        "“企业信息”为第一个工作表，“重大危险源”工作表按名称读取，其他工作表不读取；表头须与模板一致。"
        "每行是企业的完整登记信息，更新时空白会清空原值（初始等级除外）。重大危险源按企业和名称识别，"
        "表中没有的危险源不会删除。任何一行有误，两个工作表都不导入。CSV 文件只能导入企业信息。"
    )
    xlsx_append(notes, ["说明", "", rules])
    notes.append([])
    xlsx_append(notes, ["示例（企业信息，一行）", "", "下面是填写示例，请在“企业信息”工作表中按此填写，不要导入本页。"])
    for header, value in EXAMPLE_ENTERPRISE.items():
        xlsx_append(notes, [header, "", value])
    notes.append([])
    xlsx_append(notes, ["示例（重大危险源，一行）", "", "该企业的一个重大危险源，填在“重大危险源”工作表中。"])
    for header, value in EXAMPLE_SOURCE.items():
        xlsx_append(notes, [header, "", value])
