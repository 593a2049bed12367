"""A 100,000-row file is twice what one import takes (MAX_ROWS): refused quickly, in Chinese, importing nothing.

The other broken files (wrong columns, GBK, an .xlsx that is something else, …) are in tests/enterprises/test_import.py.
"""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from enterprises.importer import HEADERS, MAX_FILE_BYTES, MAX_ROWS, ImportFileError, enterprise_import
from enterprises.models import Enterprise
from tests.factories import make_credit_code

pytestmark = pytest.mark.django_db

ROWS = 100_000


def rows(cell):
    for n in range(ROWS):
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


def test_a_100000_row_csv_is_refused_quickly_on_the_page(client, world, staff):
    text = io.StringIO(newline="")
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    writer.writerows(rows(world.village_a))
    data = text.getvalue().encode()
    assert len(data) < MAX_FILE_BYTES, "the file must be refused for its rows, not for its size"
    client.force_login(staff)
    before = Enterprise.objects.count()

    started = time.monotonic()
    response = client.post(reverse("enterprises:import"), {"file": SimpleUploadedFile("企业.csv", data)})
    seconds = time.monotonic() - started

    assert response.status_code == 200
    assert f"数据行过多：一次最多导入 {MAX_ROWS} 行" in response.content.decode()
    assert Enterprise.objects.count() == before
    assert seconds < 10, f"refusing took {seconds:.1f} s"


def test_a_100000_row_xlsx_is_refused_too(world, staff):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("企业信息")
    sheet.append(list(HEADERS))
    for values in rows(world.village_a):
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    before = Enterprise.objects.count()

    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        enterprise_import(file=SimpleUploadedFile("企业.xlsx", buffer.getvalue()), actor=staff)
    seconds = time.monotonic() - started

    assert "数据行过多" in refused.value.message or "不能超过" in refused.value.message
    assert Enterprise.objects.count() == before
    assert seconds < 30, f"refusing took {seconds:.1f} s"
