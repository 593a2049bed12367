"""The columns of the import file, their rules, and what a row, an error and a result are."""

import re
from dataclasses import dataclass, field

from enterprises.models import Enterprise, EnterpriseStatus, RiskGrade, ServiceMode

MAX_FILE_MB = 10
MAX_FILE_BYTES = MAX_FILE_MB * 1024 * 1024
MAX_ROWS = 50_000
# An .xlsx is a zip: refuse one that would inflate past this (a "zip bomb") before parsing it. A full 50,000-row
# file of the template's columns unpacks to about 25 MB; parsing 50 MB takes openpyxl several seconds already.
MAX_XLSX_UNPACKED_MB = 50
MAX_XLSX_UNPACKED_BYTES = MAX_XLSX_UNPACKED_MB * 1024 * 1024
# Rows of a sheet, blank ones included, read before the file is refused: a cell in row 1,048,576 would otherwise
# make the reader produce a million empty rows. Blank rows between data rows are allowed up to this margin.
MAX_BLANK_ROWS = 1_000
# Cells (and shared strings) a workbook may hold, counted before it is parsed: openpyxl reads about 100,000 cells a
# second, and the template's 16 columns times MAX_ROWS is 800,000. This bounds the time a crafted file under the
# size limit (short cells in 40 columns) holds a worker to what the largest real file takes.
MAX_CELLS = 1_000_000
# Columns read from each row: the template's and room for unknown ones to be named in the header check. A cell in
# column XFD would otherwise make every row 16,384 values wide.
MAX_COLUMNS = 40
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
    # Added after files were first made from the template: a file without the column reads it as blank.
    may_be_absent: bool = False


def _labels(choices):
    return "、".join(label for _, label in choices.choices)


COLUMNS = (
    Column("统一社会信用代码", "credit_code", True, "18 位，按 GB 32100-2015 校验；已登记的更新该企业，未登记的新增。"),
    Column("单位名称", "name", True, "最多 200 字。"),
    Column(
        "行业",
        "industry",
        True,
        "行业名称（如 制鞋、农副食品加工、冷库）或 GB/T 4754-2017 行业代码（如 C13、G5930）；"
        "可选行业及代码见“填写说明”。",
    ),
    Column("所在网格编码", "grid_cell", True, "企业所在四级网格（村居网格）的编码。"),
    Column("地址", "address", False, "最多 200 字。"),
    Column("法定代表人", "legal_representative", False, "最多 50 字。"),
    Column("安全生产主要负责人", "safety_contact", False, "最多 50 字。"),
    Column("联系电话", "safety_phone", False, "最多 32 位。"),
    Column("从业人数", "employees", False, "非负整数；空白按 0。"),
    Column("经营状态", "status", True, f"填写其一：{_labels(EnterpriseStatus)}。"),
    Column("特殊类别", "special_categories", False, "可填多个，用“、”或“,”分隔；可选项见下方。"),
    Column("涉及危化品", "uses_hazardous_chemicals", False, "是 / 否；空白按“否”。"),
    Column("重点监管", "key_supervision", False, "是 / 否；空白按“否”。"),
    Column("社会化服务模式", "service_mode", True, f"填写其一：{_labels(ServiceMode)}。"),
    Column("互助联盟或服务机构名称", "service_provider", False, "服务模式不为“无”时必填；为“无”时忽略。"),
    Column("安全生产协会会员", "association_member", False, "是 / 否；空白按“否”。"),
    Column(
        "初始等级",
        "grade",
        False,
        "绿、蓝、黄、红（或“绿（服务对象）”等全称）；空白为未定级。只给尚未定级的企业定级，记入等级调整记录；"
        "已定级的企业请留空或填写相同等级，调整等级请在企业档案中填写理由。",
        may_be_absent=True,
    ),
)
HEADERS = tuple(column.header for column in COLUMNS)
HEADER_BY_FIELD = {column.field: column.header for column in COLUMNS}
REQUIRED_HEADERS = tuple(column.header for column in COLUMNS if not column.may_be_absent)
CHOICES_BY_FIELD = {"status": EnterpriseStatus, "service_mode": ServiceMode}
VALUE_BY_LABEL = {
    name: {label: value for value, label in choices.choices} for name, choices in CHOICES_BY_FIELD.items()
}
BOOLEAN_FIELDS = ("uses_hazardous_chemicals", "key_supervision", "association_member")
# The model fields a row sets; compared against the stored enterprise to tell an update from no change.
# The grade is not among them: it is recorded as a grade decision (enterprises.services), never copied.
ROW_FIELDS = tuple(
    column.field for column in COLUMNS if column.field not in ("credit_code", "special_categories", "grade")
)
# A grade as people write it: the colour (红), the colour with 色 (红色), or the label the portal shows.
GRADE_BY_TEXT = {
    text: grade
    for grade in RiskGrade
    for text in (grade.label, grade.label[0], f"{grade.label[0]}色", grade.label[2:-1])
}
GRADE_TEXTS = "、".join(grade.label[0] for grade in RiskGrade)
CLEAN_READS = ("grid_cell", "service_mode", "service_provider")
# Fields not validated per row: the grid cell is looked up from a preloaded dict (the model's check is a query).
NOT_VALIDATED = ["grid_cell", "town", "grade", "last_inspected_on"]


class ImportFileError(Exception):
    """The file as a whole cannot be read; the message says why, in words for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


ENTERPRISE_SHEET = "企业信息"


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str
    sheet: str = ENTERPRISE_SHEET


@dataclass
class SourceRow:
    number: int  # as the user sees it in Excel: the header is row 1
    values: dict  # header -> stripped text


@dataclass
class ValidRow:
    number: int
    enterprise: Enterprise  # unsaved, with town_id set
    category_ids: frozenset
    grade: str = ""  # the initial grade to record, when the enterprise has none yet


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    graded: int = 0
    sources_created: int = 0
    sources_updated: int = 0
    errors: list = field(default_factory=list)

    @property
    def changed_nothing(self):
        return not (self.created or self.updated or self.graded or self.sources_created or self.sources_updated)

    @property
    def errors_shown(self):
        return self.errors[:MAX_ERRORS_SHOWN]


# Reading ----------------------------------------------------------------------------------------------------------
