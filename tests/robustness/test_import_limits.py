"""A file with one row more than an import takes (MAX_ROWS) is refused before any row is validated, in Chinese.

The other broken files (wrong columns, GBK, an .xlsx that is something else, …) are in tests/enterprises/test_import.py.
"""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from enterprises.importer import HEADERS, MAX_FILE_BYTES, MAX_ROWS, ImportFileError, enterprise_import
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


def _validated(queries):
    """Whether rows were validated: validation looks their cells up in the grid; refusing a file does not."""
    return [q["sql"] for q in queries.captured_queries if "grids_gridcell" in q["sql"]]
