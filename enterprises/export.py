"""The filtered registry as CSV or Excel, with Chinese headers; cells written through bureau.exports."""

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from bureau.exports import CSV_TYPE, XLSX_TYPE, csv_lines, xlsx_bytes

HEADERS = [
    "统一社会信用代码",
    "单位名称",
    "行业",
    "镇街",
    "所在网格编码",
    "所在网格",
    "地址",
    "法定代表人",
    "安全生产主要负责人",
    "联系电话",
    "从业人数",
    "经营状态",
    "四色等级",
    "特殊类别",
    "涉及危化品",
    "重点监管",
    "社会化服务模式",
    "互助联盟或服务机构名称",
    "安全生产协会会员",
    "最近检查日期",
]


def _yes_no(value):
    return "是" if value else "否"


def export_rows(queryset):
    queryset = queryset.select_related("grid_cell", "town").prefetch_related("special_categories").order_by("pk")
    for e in queryset.iterator(chunk_size=2000):
        yield [
            e.credit_code,
            e.name,
            e.get_industry_display(),
            e.town.name if e.town else "",
            e.grid_cell.code,
            e.grid_cell.name,
            e.address,
            e.legal_representative,
            e.safety_contact,
            e.safety_phone,
            e.employees,
            e.get_status_display(),
            e.get_grade_display() if e.grade else "未定级",
            "、".join(c.name for c in e.special_categories.all()),
            _yes_no(e.uses_hazardous_chemicals),
            _yes_no(e.key_supervision),
            e.get_service_mode_display(),
            e.service_provider,
            _yes_no(e.association_member),
            e.last_inspected_on.isoformat() if e.last_inspected_on else "",
        ]


def _filename(extension):
    return f"enterprises-{timezone.localdate():%Y%m%d}.{extension}"


def csv_response(queryset):
    response = StreamingHttpResponse(csv_lines(HEADERS, export_rows(queryset)), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(queryset):
    response = HttpResponse(xlsx_bytes("生产经营单位", HEADERS, export_rows(queryset)), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
