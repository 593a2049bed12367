"""Bulk import of enterprises: all rows or none, by credit code, idempotent, fast, for staff and admins only."""

import csv
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bureau.roles import role_of
from enterprises.importer import HEADERS, ImportFileError, enterprise_import, read_rows
from enterprises.models import Enterprise, EnterpriseStatus, GradeChange, RiskGrade, ServiceMode, SpecialCategory
from tests.factories import make_cell, make_credit_code


def row(cell, n, **overrides):
    """One valid row as {header: text}, for the enterprise numbered n."""
    values = {
        "统一社会信用代码": make_credit_code(900_000 + n),
        "单位名称": f"导入企业{n}",
        "行业": "制鞋",
        "所在网格编码": cell.code,
        "地址": f"仙降街道工业区{n}号",
        "法定代表人": "张三",
        "安全生产主要负责人": "李四",
        "联系电话": "0577-65000000",
        "从业人数": "35",
        "经营状态": "在营",
        "特殊类别": "涉尘、有限空间",
        "涉及危化品": "否",
        "重点监管": "是",
        "社会化服务模式": "行业互助联盟",
        "互助联盟或服务机构名称": "仙降鞋业互助联盟",
        "安全生产协会会员": "是",
        "初始等级": "",
    }
    values.update(overrides)
    return values


def csv_file(rows, *, headers=HEADERS, bom=False, encoding="utf-8", name="企业.csv"):
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows([[values.get(h, "") for h in headers] for values in rows])
    data = text.getvalue().encode(encoding)
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data, content_type="text/csv")


def xlsx_file(rows, *, name="企业.xlsx", convert=None):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业信息")
    sheet.append(list(HEADERS))
    for values in rows:
        sheet.append([(convert or {}).get(h, str)(values[h]) for h in HEADERS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def snapshot():
    """Every enterprise as it is stored, with its categories: compares whole database states."""
    links = Enterprise.special_categories.through.objects.values_list("enterprise_id", "specialcategory_id")
    return list(Enterprise.objects.order_by("pk").values()), sorted(links)


def categories(*names):
    return set(SpecialCategory.objects.filter(name__in=names))


# A good file ------------------------------------------------------------------------------------------------------


def test_a_good_csv_creates_enterprises_with_town_and_categories(world, staff):
    rows = [row(world.village_a, 1), row(world.village_b, 2, 特殊类别="喷涂作业", 社会化服务模式="无")]

    result = enterprise_import(file=csv_file(rows), actor=staff)

    assert (result.created, result.updated, result.errors) == (2, 0, [])
    first = Enterprise.objects.get(credit_code=rows[0]["统一社会信用代码"])
    assert first.name == "导入企业1"
    assert first.grid_cell == world.village_a
    assert first.town == world.town1
    assert (first.employees, first.key_supervision, first.uses_hazardous_chemicals) == (35, True, False)
    assert (first.service_mode, first.service_provider, first.association_member) == (
        ServiceMode.ALLIANCE,
        "仙降鞋业互助联盟",
        True,
    )
    assert set(first.special_categories.all()) == categories("涉尘", "有限空间")
    assert first.grade == ""
    second = Enterprise.objects.get(credit_code=rows[1]["统一社会信用代码"])
    assert second.town == world.town2
    assert set(second.special_categories.all()) == categories("喷涂作业")
    # "无" means no provider: the model's rule clears the name, as it does on the form.
    assert (second.service_mode, second.service_provider) == (ServiceMode.NONE, "")


def test_a_csv_with_a_utf8_bom_as_excel_writes_it(world, staff):
    result = enterprise_import(file=csv_file([row(world.village_a, 1)], bom=True), actor=staff)

    assert (result.created, result.errors) == (1, [])
    assert Enterprise.objects.filter(name="导入企业1").exists()


def test_a_gbk_csv_as_chinese_excel_saves_plain_csv(world, staff):
    result = enterprise_import(file=csv_file([row(world.village_a, 1)], encoding="gbk"), actor=staff)

    assert (result.created, result.errors) == (1, [])
    assert Enterprise.objects.get(name="导入企业1").industry == "shoes"


def test_a_good_xlsx_with_numbers_typed_as_numbers(world, staff):
    # Excel stores typed numbers as numbers: 35 arrives as 35.0, a mobile number as an integer.
    rows = [row(world.village_a, 1, 联系电话="13800001111", 从业人数="35")]
    file = xlsx_file(rows, convert={"从业人数": float, "联系电话": int})

    result = enterprise_import(file=file, actor=staff)

    assert (result.created, result.errors) == (1, [])
    enterprise = Enterprise.objects.get(name="导入企业1")
    assert (enterprise.employees, enterprise.safety_phone, enterprise.town) == (35, "13800001111", world.town1)


def test_columns_are_matched_by_header_and_blank_rows_are_skipped(world, staff):
    reordered = tuple(reversed(HEADERS))
    rows = [row(world.village_a, 1), {}, row(world.village_a, 2)]

    result = enterprise_import(file=csv_file(rows, headers=reordered), actor=staff)

    assert (result.created, result.errors) == (2, [])


# All or nothing ---------------------------------------------------------------------------------------------------


def test_a_file_with_any_bad_row_imports_nothing_and_reports_every_problem(world, staff):
    good = row(world.village_a, 1)
    code = make_credit_code(900_003)
    wrong_check_digit = code[:17] + ("1" if code[17] == "0" else "0")
    rows = [
        good,  # row 2
        row(world.village_a, 3, 统一社会信用代码=wrong_check_digit),  # row 3
        row(world.cell_a, 4, 联系电话="0577-65000000" * 3),  # row 4: a level-3 cell, a phone too long
        row(world.village_a, 5, 行业="制衣", 从业人数="三十"),  # row 5: two problems
        row(world.village_a, 6, 社会化服务模式="委托外包", 互助联盟或服务机构名称=""),  # row 6
        row(world.village_a, 7, 统一社会信用代码=good["统一社会信用代码"].lower()),  # row 7: repeats row 2
        row(world.village_a, 8, 特殊类别="涉尘,涉水", 重点监管="Y"),  # row 8
        row(world.village_a, 9, 单位名称="", 所在网格编码="NOPE"),  # row 9
        row(world.village_a, 10, 经营状态="", 统一社会信用代码="91330381"),  # row 10
    ]
    before = snapshot()

    result = enterprise_import(file=csv_file(rows), actor=staff)

    assert (result.created, result.updated) == (0, 0)
    assert snapshot() == before
    reported = [(e.row, e.column) for e in result.errors]
    assert reported == [
        (3, "统一社会信用代码"),
        (4, "联系电话"),
        (4, "所在网格编码"),
        (5, "行业"),
        (5, "从业人数"),
        (6, "互助联盟或服务机构名称"),
        (7, "统一社会信用代码"),
        (8, "重点监管"),
        (8, "特殊类别"),
        (9, "所在网格编码"),
        (9, "单位名称"),
        (10, "统一社会信用代码"),
        (10, "经营状态"),
    ]
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert messages[(3, "统一社会信用代码")] == "统一社会信用代码校验位不正确，请核对是否输错。"
    assert messages[(4, "所在网格编码")] == "企业应落在四级网格（村居网格）中。"
    assert "32" in messages[(4, "联系电话")]  # Django's own zh-hans max_length message
    assert "找不到行业“制衣”" in messages[(5, "行业")]
    assert messages[(6, "互助联盟或服务机构名称")] == "请填写受托服务机构名称。"
    assert messages[(7, "统一社会信用代码")] == "与第 2 行重复。"
    assert "“涉水”" in messages[(8, "特殊类别")]
    assert messages[(9, "所在网格编码")] == "找不到编码为“NOPE”的网格。"
    assert messages[(10, "统一社会信用代码")] == "统一社会信用代码应为 18 位，当前为 8 位。"


def test_the_page_shows_the_error_table_and_changes_nothing(client, world, staff):
    client.force_login(staff)
    rows = [row(world.village_a, 1), row(world.village_a, 2, 所在网格编码=world.town1.code)]
    count = Enterprise.objects.count()

    response = client.post(reverse("enterprises:import"), {"file": csv_file(rows)})

    assert response.status_code == 200
    assert Enterprise.objects.count() == count
    assert response.context["result"].errors[0].row == 3
    assert "未导入：发现 1 处问题" in response.content.decode()
    assert '<td class="text-end">3</td><td class="text-nowrap">所在网格编码</td>' in response.content.decode()


# Create or update by credit code ----------------------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(world, staff):
    rows = [row(world.village_a, n) for n in range(1, 6)]
    first = enterprise_import(file=csv_file(rows), actor=staff)
    after_first = snapshot()

    second = enterprise_import(file=xlsx_file(rows), actor=staff)

    assert (first.created, first.updated) == (5, 0)
    assert (second.created, second.updated) == (0, 0)
    assert snapshot() == after_first  # not even updated_at moves


def test_it_updates_by_credit_code_and_leaves_the_grade_alone(world, staff, inspector):
    enterprise = world.enterprise_x
    GradeChange.objects.create(
        enterprise=enterprise, grade=RiskGrade.RED, effective_date="2026-01-05", reason="整改不力", changed_by=inspector
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(grade=RiskGrade.RED, last_inspected_on="2026-01-04")
    enterprise.special_categories.set(categories("涉尘"))
    rows = [
        row(world.village_b, 1, 统一社会信用代码=enterprise.credit_code, 单位名称="企业X（更名）", 经营状态="停产整顿"),
        row(world.village_a, 2),
    ]

    result = enterprise_import(file=csv_file(rows), actor=staff)

    assert (result.created, result.updated) == (1, 1)
    enterprise.refresh_from_db()
    assert enterprise.name == "企业X（更名）"
    assert enterprise.status == EnterpriseStatus.SUSPENDED
    assert (enterprise.grid_cell, enterprise.town) == (world.village_b, world.town2)
    assert set(enterprise.special_categories.all()) == categories("涉尘", "有限空间")
    assert (enterprise.grade, str(enterprise.last_inspected_on)) == (RiskGrade.RED, "2026-01-04")
    assert Enterprise.objects.filter(credit_code=enterprise.credit_code).count() == 1


def test_only_changed_rows_count_as_updated(world, staff):
    rows = [row(world.village_a, n) for n in range(1, 4)]
    enterprise_import(file=csv_file(rows), actor=staff)
    untouched = Enterprise.objects.get(name="导入企业1").updated_at
    rows[1]["特殊类别"] = "涉尘"  # only a category changes
    rows[2]["从业人数"] = "36"

    result = enterprise_import(file=csv_file(rows), actor=staff)

    assert (result.created, result.updated) == (0, 2)
    assert Enterprise.objects.get(name="导入企业1").updated_at == untouched
    assert set(Enterprise.objects.get(name="导入企业2").special_categories.all()) == categories("涉尘")
    assert Enterprise.objects.get(name="导入企业3").employees == 36


# Bad files --------------------------------------------------------------------------------------------------------


def _zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("企业.txt", b"a,b", "只能导入 .xlsx 或 .csv 文件"),
        ("企业.xls", b"\xd0\xcf\x11\xe0", "不支持旧版 Excel（.xls）"),
        ("企业.xlsx", b"this is a text file, renamed", "不是有效的 Excel（.xlsx）文件"),
        ("企业.xlsx", _zip_that_is_not_a_workbook(), "无法读取该 Excel 文件"),
        ("企业.csv", b"", "文件是空的"),
        ("企业.csv", b"\n\n,,\n", "文件是空的"),
        ("企业.csv", ",".join(HEADERS).encode(), "只有表头，没有数据行"),
        ("企业.csv", "单位名称,行业,颜色\n企业,制鞋,红\n".encode(), "缺少列：统一社会信用代码"),
        ("企业.csv", "单位名称,行业,颜色\n企业,制鞋,红\n".encode(), "无法识别的列：颜色"),
        ("企业.csv", b"\x00\x01\x02binary", "不是文本格式的 CSV"),
        ("企业.csv", b"x" * (10 * 1024 * 1024 + 1), "不能超过 10 MB"),
    ],
)
def test_a_bad_file_is_refused_with_a_reason(world, staff, name, content, message):
    before = snapshot()

    with pytest.raises(ImportFileError) as refused:
        enterprise_import(file=SimpleUploadedFile(name, content), actor=staff)

    assert message in refused.value.message
    assert snapshot() == before


def test_a_text_file_renamed_to_xlsx_is_refused_on_the_page(client, world, staff):
    client.force_login(staff)
    count = Enterprise.objects.count()
    fake = SimpleUploadedFile("企业.xlsx", "统一社会信用代码,单位名称\n".encode())

    response = client.post(reverse("enterprises:import"), {"file": fake})

    assert response.status_code == 200
    assert "文件不是有效的 Excel（.xlsx）文件" in response.content.decode()
    assert Enterprise.objects.count() == count


def test_posting_without_a_file_asks_for_one(client, world, staff):
    client.force_login(staff)

    response = client.post(reverse("enterprises:import"), {})

    assert response.status_code == 200
    assert "请选择要导入的文件。" in response.content.decode()


def test_header_only_template_round_trips_through_read_rows(client, world, staff):
    """The downloaded template, filled in, is what the importer reads."""
    client.force_login(staff)
    workbook = load_workbook(io.BytesIO(client.get(reverse("enterprises:import_template")).content))
    sheet = workbook.worksheets[0]
    sheet.append(list(row(world.village_a, 1).values()))
    buffer = io.BytesIO()
    workbook.save(buffer)

    rows = read_rows(SimpleUploadedFile("模板.xlsx", buffer.getvalue()))

    assert [(r.number, r.values["单位名称"]) for r in rows] == [(2, "导入企业1")]


# The pages and who may use them -----------------------------------------------------------------------------------


def test_the_page_documents_the_columns_and_links_the_template(client, world, bureau_admin):
    client.force_login(bureau_admin)

    response = client.get(reverse("enterprises:import"))

    assert response.status_code == 200
    page = response.content.decode()
    assert all(f">{header}</td>" in page for header in HEADERS)
    assert reverse("enterprises:import_template") in page
    assert 'enctype="multipart/form-data"' in page


def test_a_good_upload_redirects_with_a_message(client, world, staff):
    client.force_login(staff)
    rows = [row(world.village_a, 1), row(world.village_a, 2, 统一社会信用代码=world.enterprise_x.credit_code)]

    response = client.post(reverse("enterprises:import"), {"file": xlsx_file(rows)}, follow=True)

    assert response.redirect_chain == [(reverse("enterprises:import"), 302)]
    assert "导入完成：新增 1 家，更新 1 家。" in [str(m) for m in response.context["messages"]]


def test_the_template_download_has_the_headers(client, world, staff):
    client.force_login(staff)

    response = client.get(reverse("enterprises:import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert next(sheet.iter_rows(values_only=True)) == HEADERS


@pytest.mark.parametrize("persona", ["inspector", "grid_officer_a", "enterprise_user_x"])
def test_other_roles_get_403(client, request, world, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    count = Enterprise.objects.count()

    upload = client.post(reverse("enterprises:import"), {"file": csv_file([row(world.village_a, 1)])})

    assert upload.status_code == 403
    assert client.get(reverse("enterprises:import")).status_code == 403
    assert client.get(reverse("enterprises:import_template")).status_code == 403
    assert Enterprise.objects.count() == count


def test_the_service_refuses_other_roles_too(world, inspector):
    with pytest.raises(PermissionDenied):
        enterprise_import(file=csv_file([row(world.village_a, 1)]), actor=inspector)

    assert not Enterprise.objects.filter(name="导入企业1").exists()


def test_signed_out_users_are_sent_to_sign_in(client, world):
    response = client.get(reverse("enterprises:import"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


# Scale ------------------------------------------------------------------------------------------------------------


def _queries(rows, actor):
    with CaptureQueriesContext(connection) as queries:
        result = enterprise_import(file=csv_file(rows, bom=True), actor=actor)
    assert result.errors == []
    return result, len(queries)


# Few rows against many: 1,200 rows cross the 500 and 1,000 batch sizes a per-batch query would show at, and are six
# times 200, so one query per row (or per ten rows) would fail the comparison. Sizes beyond that prove nothing more.
SMALL, LARGE = 200, 1_200


def test_1200_rows_import_with_as_many_queries_as_200(world, staff):
    if connection.vendor != "postgresql":
        pytest.skip("one INSERT / UPDATE per table at any size is PostgreSQL's UNNEST; SQLite splits by its limits")
    villages = [world.village_a, world.village_b] + [make_cell(parent=world.cell_a) for _ in range(48)]
    role_of(staff)  # cached on the user from here on: the role lookup is not what this measures
    small = [row(villages[n % 50], 100_000 + n) for n in range(SMALL)]
    large = [row(villages[n % 50], n) for n in range(LARGE)]

    created_small, create_queries_small = _queries(small, staff)
    created, create_queries = _queries(large, staff)
    for values in small + large:
        values.update(单位名称=values["单位名称"] + "（更名）", 特殊类别="喷涂作业", 所在网格编码=world.village_b.code)
    updated_small, update_queries_small = _queries(small, staff)
    updated, update_queries = _queries(large, staff)
    again, again_queries = _queries(large, staff)

    assert (created_small.created, updated_small.updated) == (SMALL, SMALL)
    assert (created.created, created.updated) == (LARGE, 0)
    assert (updated.created, updated.updated) == (0, LARGE)
    assert (again.created, again.updated) == (0, 0)
    assert create_queries <= create_queries_small
    assert update_queries <= update_queries_small
    assert again_queries <= update_queries_small
    assert Enterprise.objects.filter(name__endswith="（更名）", town=world.town2).count() == SMALL + LARGE
    assert Enterprise.special_categories.through.objects.count() == SMALL + LARGE


def test_without_postgresql_updates_go_through_bulk_update(world, staff, monkeypatch):
    rows = [row(world.village_a, n) for n in range(1, 4)]
    enterprise_import(file=csv_file(rows), actor=staff)
    rows[0]["单位名称"] = "换了名字"
    rows[1]["所在网格编码"] = world.village_b.code
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the branch `make run` takes on its SQLite file

    result = enterprise_import(file=csv_file(rows), actor=staff)

    assert (result.created, result.updated) == (0, 2)
    assert Enterprise.objects.filter(name="换了名字").exists()
    assert Enterprise.objects.get(name="导入企业2").town == world.town2
