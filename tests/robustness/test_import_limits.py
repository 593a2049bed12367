"""A file with one row more than an import takes (MAX_ROWS) is refused before any row is validated, in Chinese.

The other broken files (wrong columns, GBK, an .xlsx that is something else, …) are in tests/enterprises/test_import.py.
"""

import csv
import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from enterprises.importer import HEADERS, MAX_FILE_BYTES, MAX_ROWS, ImportFileError, enterprise_import, read_rows
from enterprises.importer.columns import MAX_XLSX_UNPACKED_MB
from enterprises.importer.reading import CELL, _count
from enterprises.models import Enterprise
from tests.factories import make_credit_code

pytestmark = pytest.mark.django_db


def rows(cell, count=MAX_ROWS + 1):
    for n in range(count):
        values = dict.fromkeys(HEADERS, "")
        values.update(
            {
                "统一社会信用代码": make_credit_code(2_000_000 + n),
                "单位名称": f"企业{n}",
                "行业": "制鞋",
                "所在网格编码": cell.code,
                "经营状态": "在营",
                "社会化服务模式": "无",
            }
        )
        yield [values[h] for h in HEADERS]


def test_a_csv_over_max_rows_is_refused_before_validation_on_the_page(client, world, staff):
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(rows(world.village_a))
    data = text.getvalue().encode()
    assert len(data) < MAX_FILE_BYTES, "the file must be refused for its rows, not for its size"
    client.force_login(staff)
    before = Enterprise.objects.count()

    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("企业.csv", data)})

    assert response.status_code == 200
    assert f"数据行过多：一次最多导入 {MAX_ROWS} 行" in response.content.decode()
    assert Enterprise.objects.count() == before
    assert not _validated(queries), "refused before any row was checked against the grid"


def test_an_xlsx_over_max_rows_is_refused_too(world, staff, monkeypatch):
    # The .xlsx reader counts rows like the .csv one (the real limit is the csv test's); writing and parsing 50,001
    # rows of .xlsx took half a minute and proved nothing more than this smaller limit does.
    monkeypatch.setattr("enterprises.importer.reading.MAX_ROWS", 100)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业信息")
    sheet.append(list(HEADERS))
    for values in rows(world.village_a, count=101):
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = Enterprise.objects.count()

    with CaptureQueriesContext(connection) as queries, pytest.raises(ImportFileError) as refused:
        enterprise_import(file=SimpleUploadedFile("企业.xlsx", buffer.getvalue()), actor=staff)

    assert refused.value.message == "数据行过多：一次最多导入 100 行，请分成几个文件导入。"
    assert Enterprise.objects.count() == before
    assert not _validated(queries), "refused before any row was checked against the grid"


def _workbook_bytes(sheet_rows):
    workbook = Workbook()
    sheet = workbook.active
    for values in sheet_rows:
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return workbook, buffer


def _never(*args, **kwargs):
    raise AssertionError("the workbook was parsed")


def _bomb(world, unpacked_mb=60):
    """A real workbook of two rows whose sheet is padded with `unpacked_mb` MB of blanks between its elements
    (legal XML, openpyxl would read it all): a few hundred KB on the wire."""
    _, buffer = _workbook_bytes([list(HEADERS), *rows(world.village_a, count=1)])
    padded = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(padded, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (unpacked_mb * 1024 * 1024), 1)
            target.writestr(info.filename, data, compresslevel=9)
    return padded.getvalue()


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(client, world, staff, monkeypatch):
    data = _bomb(world)
    assert len(data) < 1024 * 1024, "small on the wire"

    monkeypatch.setattr("enterprises.importer.reading.load_workbook", _never)
    client.force_login(staff)
    before = Enterprise.objects.count()

    response = client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("企业.xlsx", data)})

    assert response.status_code == 200
    assert f"Excel 文件解压后过大（约 60 MB），不能超过 {MAX_XLSX_UNPACKED_MB} MB" in response.content.decode()
    assert Enterprise.objects.count() == before


def test_a_workbook_just_under_the_limit_is_still_read(world, staff):
    result = enterprise_import(file=SimpleUploadedFile("企业.xlsx", _bomb(world, unpacked_mb=1)), actor=staff)

    assert result.created == 1


def test_a_workbook_with_more_cells_than_the_limit_is_refused_before_it_is_parsed(world, staff, monkeypatch):
    # The real limit (a million short cells fit in 50 MB and take openpyxl ten seconds) made small.
    monkeypatch.setattr("enterprises.importer.reading.MAX_CELLS", 50)
    monkeypatch.setattr("enterprises.importer.reading.load_workbook", _never)
    _, buffer = _workbook_bytes([list(HEADERS), *rows(world.village_a, count=3)])

    with pytest.raises(ImportFileError) as refused:
        enterprise_import(file=SimpleUploadedFile("企业.xlsx", buffer.getvalue()), actor=staff)

    assert refused.value.message.startswith("Excel 文件中的单元格过多（超过 50 个）")


@pytest.mark.parametrize("chunk_bytes", [1, 3, 7, 64, 1024 * 1024])
def test_cells_are_counted_across_chunk_boundaries_with_or_without_a_prefix(monkeypatch, chunk_bytes):
    monkeypatch.setattr("enterprises.importer.reading.CHUNK_BYTES", chunk_bytes)
    sheet = (
        b'<worksheet><cols><col min="1"/></cols><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/>'
        b'<c>x</c></row><x:row><x:c r="A2"/><long-prefix.name:c r="B2"></long-prefix.name:c></x:row>'
        b'<row><cfRule/><c\tr="C3"/></row></sheetData></worksheet>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)

    with zipfile.ZipFile(buffer) as archive:
        assert _count(archive, archive.getinfo("xl/worksheets/sheet1.xml"), CELL) == 6


def test_a_cell_far_down_the_sheet_is_refused_without_reading_a_million_blank_rows(world, staff):
    workbook, _ = _workbook_bytes([list(HEADERS), *rows(world.village_a, count=3)])
    workbook.active.cell(row=1_000_000, column=1, value="远处的单元格")
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = Enterprise.objects.count()

    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        enterprise_import(file=SimpleUploadedFile("企业.xlsx", buffer.getvalue()), actor=staff)

    assert refused.value.message.startswith("工作表行数过多（含空行）")
    assert time.monotonic() - started < 5
    assert Enterprise.objects.count() == before


def test_a_cell_far_to_the_right_does_not_widen_every_row(world, staff):
    data_rows = list(rows(world.village_a, count=3))
    workbook, _ = _workbook_bytes([list(HEADERS), *data_rows])
    workbook.active.cell(row=3, column=16_384, value="远处的单元格")
    buffer = io.BytesIO()
    workbook.save(buffer)

    read = read_rows(SimpleUploadedFile("企业.xlsx", buffer.getvalue()))

    assert [r.values["单位名称"] for r in read] == ["企业0", "企业1", "企业2"]


def _validated(queries):
    """Whether rows were validated: validation looks their cells up in the grid; refusing a file does not."""
    return [q["sql"] for q in queries.captured_queries if "grids_gridcell" in q["sql"]]
