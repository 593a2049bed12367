"""The import's initial grades, its 重大危险源 sheet and its industries by GB/T 4754-2017: all rows of both sheets
or none, each error named by sheet and row, the same file twice changes nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bureau.roles import role_of
from enterprises.importer import HEADERS, SOURCE_HEADERS, ImportFileError, enterprise_import
from enterprises.importer.grades import INITIAL_GRADE_REASON
from enterprises.industries import Industry, industry_from_text
from enterprises.models import Enterprise, GradeChange, MajorHazardSource, RiskGrade
from tests.enterprises.test_import import csv_file, row
from tests.factories import make_credit_code


def source(credit_code, name="液氨储罐区", **overrides):
    values = {"统一社会信用代码": credit_code, "危险源名称": name, "级别": "四级", "自动化控制系统": "已验收"}
    values["备案日期"] = "2024-06-01"
    values.update(overrides)
    return values


def workbook_file(rows, sources=(), *, name="企业.xlsx", source_headers=SOURCE_HEADERS, first_title="企业信息"):
    """An .xlsx as the template makes it: the enterprises first, then the 重大危险源 sheet (when sources are given)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(first_title)
    sheet.append(list(HEADERS))
    for values in rows:
        sheet.append([values.get(h, "") for h in HEADERS])
    if sources is not None:
        sources_sheet = workbook.create_sheet("重大危险源")
        sources_sheet.append(list(source_headers))
        for values in sources:
            sources_sheet.append([values.get(h, "") for h in source_headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/octet-stream")


def snapshot():
    """Enterprises, grade decisions and sources as stored: compares whole database states."""
    return (
        list(Enterprise.objects.order_by("pk").values()),
        list(GradeChange.objects.order_by("pk").values()),
        list(MajorHazardSource.objects.order_by("pk").values()),
    )


def code(n):
    return make_credit_code(900_000 + n)


# A good file ------------------------------------------------------------------------------------------------------


def test_a_good_workbook_imports_enterprises_grades_and_sources(world, staff):
    rows = [
        row(world.village_a, 1, 行业="C13", 初始等级="黄"),
        row(world.village_a, 2, 行业="G5930", 初始等级="红（打击取缔对象）"),
        row(world.village_b, 3, 行业="冷库", 初始等级=""),
    ]
    sources = [
        source(code(2), "液氨储罐区", 级别="三级"),
        source(code(2), "冷库氨制冷机房", 自动化控制系统="安装中", 备案日期=""),
        source(world.enterprise_x.credit_code, "甲醇储罐", 级别="2", 自动化控制系统=""),
    ]

    result = enterprise_import(file=workbook_file(rows, sources), actor=staff)

    assert result.errors == []
    assert (result.created, result.updated, result.graded) == (3, 0, 2)
    assert (result.sources_created, result.sources_updated) == (3, 0)
    first, second, third = (Enterprise.objects.get(credit_code=code(n)) for n in (1, 2, 3))
    assert (first.industry, second.industry, third.industry) == (
        Industry.AGRI_FOOD,
        Industry.COLD_STORAGE,
        Industry.COLD_STORAGE,
    )
    assert (first.grade, second.grade, third.grade) == (RiskGrade.YELLOW, RiskGrade.RED, "")
    decision = GradeChange.objects.get(enterprise=first)
    assert (decision.grade, decision.reason, decision.changed_by) == (RiskGrade.YELLOW, INITIAL_GRADE_REASON, staff)
    assert decision.history.get().history_user == staff  # the audit trail names who graded
    stored = {(s.enterprise.credit_code, s.name): s for s in MajorHazardSource.objects.select_related("enterprise")}
    ammonia = stored[(code(2), "液氨储罐区")]
    assert (ammonia.level, ammonia.control_system, str(ammonia.registered_on)) == (3, "accepted", "2024-06-01")
    room = stored[(code(2), "冷库氨制冷机房")]
    assert (room.level, room.control_system, room.registered_on) == (4, "installing", None)
    methanol = stored[(world.enterprise_x.credit_code, "甲醇储罐")]
    assert (methanol.level, methanol.control_system) == (2, "none")
    assert methanol.history.count() == 1  # written through the service, so audited like the dossier's form


def test_the_same_workbook_twice_changes_nothing_and_says_so(client, world, staff):
    rows = [row(world.village_a, 1, 初始等级="蓝"), row(world.village_a, 2, 行业="C1351")]
    sources = [source(code(1)), source(world.enterprise_x.credit_code, "溶剂油罐区")]
    first = enterprise_import(file=workbook_file(rows, sources), actor=staff)
    after_first = snapshot()
    client.force_login(staff)

    response = client.post(reverse("enterprises:import"), {"file": workbook_file(rows, sources)}, follow=True)

    assert not first.changed_nothing
    assert "文件中的内容与系统中已有的一致，未作任何修改。" in [str(m) for m in response.context["messages"]]
    assert snapshot() == after_first


def test_a_changed_source_is_updated_and_others_are_kept(world, staff):
    enterprise = world.enterprise_x
    MajorHazardSource.objects.create(enterprise=enterprise, name="液氨储罐区", level=4)
    MajorHazardSource.objects.create(enterprise=enterprise, name="不在表中的储罐", level=3)

    result = enterprise_import(file=workbook_file([], [source(enterprise.credit_code, 级别="三级")]), actor=staff)

    assert (result.created, result.updated, result.sources_created, result.sources_updated) == (0, 0, 0, 1)
    levels = dict(enterprise.major_hazard_sources.values_list("name", "level"))
    assert levels == {"液氨储罐区": 3, "不在表中的储罐": 3}


def test_an_initial_grade_equal_to_the_current_one_is_no_change(world, staff, inspector):
    enterprise = world.enterprise_x
    GradeChange.objects.create(
        enterprise=enterprise, grade=RiskGrade.BLUE, effective_date="2026-01-05", reason="定级", changed_by=inspector
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(grade=RiskGrade.BLUE)
    rows = [row(world.village_a, 1, 统一社会信用代码=enterprise.credit_code, 单位名称="企业X", 初始等级="蓝色")]

    result = enterprise_import(file=csv_file(rows), actor=staff)

    assert (result.updated, result.graded, result.errors) == (1, 0, [])
    assert GradeChange.objects.filter(enterprise=enterprise).count() == 1


# Industries -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "industry"),
    [
        ("农副食品加工", Industry.AGRI_FOOD),
        ("农副食品加工业", Industry.AGRI_FOOD),
        ("C13", Industry.AGRI_FOOD),
        ("1351", Industry.AGRI_FOOD),
        ("C14", Industry.FOOD),
        ("冷库", Industry.COLD_STORAGE),
        ("低温仓储", Industry.COLD_STORAGE),
        ("G5930", Industry.COLD_STORAGE),
        ("593", Industry.COLD_STORAGE),
        ("G5920", Industry.WAREHOUSING),
        ("G5942", Industry.CHEMICALS),  # 危险化学品仓储, not cold storage
        ("C2672", Industry.FIREWORKS),
        ("C2611", Industry.CHEMICALS),
        ("C3587", Industry.EYEWEAR),
        ("C3511", Industry.MACHINERY),
        ("C3360", Industry.ELECTROPLATING),
        ("制鞋业", Industry.SHOES),
        ("c195", Industry.SHOES),
        ("C18", None),
        ("C33", None),
        ("制衣", None),
        ("", None),
    ],
)
def test_an_industry_is_found_by_the_citys_name_the_standards_name_or_a_code(text, industry):
    assert industry_from_text(text) == industry


def test_an_unknown_industry_is_refused_with_where_to_look(world, staff):
    rows = [row(world.village_a, 1, 行业="C18")]

    result = enterprise_import(file=workbook_file(rows), actor=staff)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("企业信息", 2, "行业")]
    assert "找不到行业“C18”" in result.errors[0].message
    assert "GB/T 4754-2017" in result.errors[0].message
    assert not Enterprise.objects.filter(credit_code=code(1)).exists()


# Bad rows: nothing is written -------------------------------------------------------------------------------------


def test_a_bad_grade_imports_nothing(world, staff):
    rows = [row(world.village_a, 1, 初始等级="黄"), row(world.village_a, 2, 初始等级="紫")]
    before = snapshot()

    result = enterprise_import(file=workbook_file(rows, [source(code(1))]), actor=staff)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("企业信息", 3, "初始等级")]
    assert "“紫”不是四色等级" in result.errors[0].message
    assert snapshot() == before


def test_a_different_grade_for_a_graded_enterprise_is_refused(world, staff, inspector):
    enterprise = world.enterprise_x
    GradeChange.objects.create(
        enterprise=enterprise, grade=RiskGrade.RED, effective_date="2026-01-05", reason="整改不力", changed_by=inspector
    )
    Enterprise.objects.filter(pk=enterprise.pk).update(grade=RiskGrade.RED)
    before = snapshot()
    rows = [row(world.village_a, 1, 统一社会信用代码=enterprise.credit_code, 初始等级="绿")]

    result = enterprise_import(file=csv_file(rows), actor=staff)

    assert [(e.row, e.column) for e in result.errors] == [(2, "初始等级")]
    assert "已定级为“红（打击取缔对象）”" in result.errors[0].message
    assert snapshot() == before


def test_a_source_of_an_unknown_enterprise_imports_nothing(world, staff):
    rows = [row(world.village_a, 1)]
    sources = [source(code(1)), source(code(77), "柴油储罐")]
    before = snapshot()

    result = enterprise_import(file=workbook_file(rows, sources), actor=staff)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [("重大危险源", 3, "统一社会信用代码")]
    assert f"找不到信用代码为“{code(77)}”的企业" in result.errors[0].message
    assert snapshot() == before


def test_bad_source_rows_are_each_named_by_sheet_row_and_column(world, staff):
    credit_code = world.enterprise_x.credit_code
    sources = [
        source(credit_code, "A罐", 级别="五级"),
        source(credit_code, "B罐", 自动化控制系统="有"),
        source(credit_code, "C罐", 备案日期="去年"),
        source(credit_code, ""),
        source(credit_code, "A罐"),
    ]

    result = enterprise_import(file=workbook_file([], sources), actor=staff)

    assert [(e.sheet, e.row, e.column) for e in result.errors] == [
        ("重大危险源", 2, "级别"),
        ("重大危险源", 3, "自动化控制系统"),
        ("重大危险源", 4, "备案日期"),
        ("重大危险源", 5, "危险源名称"),
        ("重大危险源", 6, "危险源名称"),
    ]
    assert "与第 2 行是同一企业的同名危险源" in result.errors[-1].message
    assert not MajorHazardSource.objects.exists()


def test_the_page_names_the_sheet_of_each_problem(client, world, staff):
    client.force_login(staff)
    file = workbook_file([row(world.village_a, 1)], [source(code(1), 级别="特级")])

    response = client.post(reverse("enterprises:import"), {"file": file})

    page = response.content.decode()
    assert "未导入：发现 1 处问题" in page
    assert '<td class="text-nowrap">重大危险源</td><td class="text-end">2</td>' in page
    assert not Enterprise.objects.filter(credit_code=code(1)).exists()


def test_a_sources_sheet_with_a_wrong_header_is_refused(world, staff):
    headers = ("统一社会信用代码", "危险源名称", "等级")

    with pytest.raises(ImportFileError) as refused:
        enterprise_import(file=workbook_file([row(world.village_a, 1)], [], source_headers=headers), actor=staff)

    assert "“重大危险源”工作表的表头与模板不一致" in refused.value.message
    assert "缺少列：级别" in refused.value.message


# Who grades; files without the new columns ------------------------------------------------------------------------


def test_an_admin_may_import_but_not_grade(world, bureau_admin):
    with pytest.raises(ImportFileError) as refused:
        enterprise_import(file=csv_file([row(world.village_a, 1, 初始等级="绿")]), actor=bureau_admin)

    assert "不能给企业定级" in refused.value.message
    assert not Enterprise.objects.filter(credit_code=code(1)).exists()
    result = enterprise_import(file=csv_file([row(world.village_a, 1)]), actor=bureau_admin)
    assert (result.created, result.graded) == (1, 0)


def test_a_csv_made_from_the_old_template_still_imports(world, staff):
    old_headers = tuple(h for h in HEADERS if h != "初始等级")

    result = enterprise_import(file=csv_file([row(world.village_a, 1)], headers=old_headers), actor=staff)

    assert (result.created, result.errors) == (1, [])


def test_a_csv_imports_grades_but_has_no_sources_sheet(world, staff):
    result = enterprise_import(file=csv_file([row(world.village_a, 1, 初始等级="绿")]), actor=staff)

    assert (result.created, result.graded, result.sources_created) == (1, 1, 0)
    assert Enterprise.objects.get(credit_code=code(1)).grade == RiskGrade.GREEN


# The template -----------------------------------------------------------------------------------------------------


def test_the_template_has_both_sheets_and_the_industries_with_their_codes(client, world, staff):
    client.force_login(staff)

    response = client.get(reverse("enterprises:import_template"))

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    assert workbook.sheetnames == ["企业信息", "重大危险源", "填写说明"]
    assert next(workbook["企业信息"].iter_rows(values_only=True)) == HEADERS
    assert next(workbook["重大危险源"].iter_rows(values_only=True)) == SOURCE_HEADERS
    notes = list(workbook["填写说明"].iter_rows(values_only=True))
    assert ("冷库", "G5930", "低温仓储") in notes
    assert ("农副食品加工", "C13", "农副食品加工业") in notes
    assert ("危险源名称", None, "液氨储罐区") in notes  # the example row of the second sheet


def test_the_template_filled_in_imports_both_sheets(client, world, staff):
    client.force_login(staff)
    workbook = load_workbook(io.BytesIO(client.get(reverse("enterprises:import_template")).content))
    workbook["企业信息"].append(list(row(world.village_a, 1, 初始等级="绿").values()))
    workbook["重大危险源"].append(list(source(code(1)).values()))
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = enterprise_import(file=SimpleUploadedFile("模板.xlsx", buffer.getvalue()), actor=staff)

    assert (result.created, result.graded, result.sources_created, result.errors) == (1, 1, 1, [])


# Scale ------------------------------------------------------------------------------------------------------------


def _queries(rows, actor):
    with CaptureQueriesContext(connection) as queries:
        result = enterprise_import(file=csv_file(rows), actor=actor)
    assert result.errors == []
    return result, len(queries)


def test_1200_graded_rows_take_as_many_queries_as_200(world, staff):
    """Initial grades are recorded a statement per step, not per enterprise (a city's first import grades all)."""
    if connection.vendor != "postgresql":
        pytest.skip("one INSERT per table at any size is PostgreSQL's; SQLite splits by its limits")
    role_of(staff)
    small = [row(world.village_a, 100_000 + n, 初始等级="蓝") for n in range(200)]
    large = [row(world.village_a, n, 初始等级="黄") for n in range(1_200)]

    graded_small, queries_small = _queries(small, staff)
    graded, queries = _queries(large, staff)

    assert (graded_small.graded, graded.graded) == (200, 1_200)
    assert queries <= queries_small
    assert Enterprise.objects.filter(grade=RiskGrade.YELLOW).count() >= 1_200


def test_the_dossier_shows_the_industrys_standard_code(client, world, staff):
    enterprise_import(file=csv_file([row(world.village_a, 1, 行业="低温仓储")]), actor=staff)
    client.force_login(staff)

    page = client.get(Enterprise.objects.get(credit_code=code(1)).get_absolute_url()).content.decode()

    assert "冷库" in page
    assert "（GB/T 4754：G5930）" in page
