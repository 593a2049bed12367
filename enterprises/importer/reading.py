"""Reading an .xlsx or .csv upload into rows of text; a file that cannot be read raises ImportFileError."""

import csv
import io
import logging
import re
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import PurePath

from openpyxl import load_workbook

from enterprises.importer.columns import (
    HEADERS,
    MAX_BLANK_ROWS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    MAX_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    MAX_XLSX_UNPACKED_MB,
    NO,
    REQUIRED_HEADERS,
    YES,
    ImportFileError,
    SourceRow,
)
from enterprises.importer.sources import SOURCE_HEADERS, SOURCE_SHEET

logger = logging.getLogger(__name__)


@dataclass
class Upload:
    rows: list  # of the enterprises' sheet (the first), as SourceRow
    source_rows: list  # of the 重大危险源 sheet; none in a CSV, which has one table only


def read_rows(file):
    """The enterprises' rows of an uploaded .xlsx or .csv (blank rows left out), or ImportFileError."""
    return read_upload(file).rows


def read_upload(file):
    """Both sheets' data rows of an upload, or ImportFileError: the file unreadable, a header unlike the template's,
    or no data row in either sheet."""
    data, suffix = _read_bytes(file)
    if suffix == ".csv":
        rows, source_rows = _rows_from_table(_csv_table(data), HEADERS, REQUIRED_HEADERS), None
    else:
        _check_unpacked_size(data)
        rows = _rows_from_table(_xlsx_table(data, sources=False), HEADERS, REQUIRED_HEADERS)
        source_rows = _rows_from_table(_xlsx_table(data, sources=True), SOURCE_HEADERS, SOURCE_HEADERS, SOURCE_SHEET)
    if rows is None and source_rows is None:
        raise ImportFileError("文件是空的。")
    if not rows and not source_rows:
        raise ImportFileError("文件中只有表头，没有数据行。")
    return Upload(rows or [], source_rows or [])


def _read_bytes(file):
    name = getattr(file, "name", "") or ""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        if suffix == ".xls":
            raise ImportFileError("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入。")
        raise ImportFileError("只能导入 .xlsx 或 .csv 文件。")
    size = getattr(file, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ImportFileError(f"文件过大（{size / 1024 / 1024:.1f} MB），不能超过 {MAX_FILE_MB} MB。")
    file.seek(0)
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ImportFileError(f"文件过大，不能超过 {MAX_FILE_MB} MB。")
    if not data.strip():
        raise ImportFileError("文件是空的。")
    return data, suffix


def _xlsx_table(data, *, sources):
    """The rows of one sheet, as lists of text: the first sheet (the enterprises), or with `sources` the sheet named
    重大危险源; none when there is no such sheet. The size of what the file unpacks to is checked before
    (_check_unpacked_size). While reading: a sheet longer than MAX_ROWS plus header and blank rows is refused
    without reading the rest."""
    last_row = MAX_ROWS + 1 + MAX_BLANK_ROWS
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = _sheet(workbook, sources)
            if sheet is None:
                return
            # Some programs write a wrong size into the sheet; read to the real end instead of trusting it.
            sheet.reset_dimensions()
            rows = sheet.iter_rows(max_row=last_row + 1, max_col=MAX_COLUMNS, values_only=True)
            for number, values in enumerate(rows, start=1):
                if number > last_row:
                    raise ImportFileError(
                        f"工作表行数过多（含空行）：一次最多导入 {MAX_ROWS} 行，请删除多余的空行或分成几个文件导入。"
                    )
                yield [_cell_text(value) for value in values]
        finally:
            workbook.close()
    except ImportFileError:
        raise
    # openpyxl raises many kinds of error on a damaged file; every one means the same to the user.
    except Exception as exc:
        logger.info("unreadable xlsx upload: %r", exc)
        raise ImportFileError(
            "无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式。请用 Excel 另存为 .xlsx 后再导入。"
        ) from None


def _sheet(workbook, sources):
    """The sheet asked for: by its name for the sources (a space typed around it allowed), else the first one unless
    that is the sources' (a file of sources only)."""
    by_title = {sheet.title.strip(): sheet for sheet in workbook.worksheets}
    if sources:
        return by_title.get(SOURCE_SHEET)
    first = workbook.worksheets[0]
    return None if first.title.strip() == SOURCE_SHEET else first


def _check_unpacked_size(data):
    not_a_workbook = "文件不是有效的 Excel（.xlsx）文件，可能只是改了扩展名。请用 Excel 另存为 .xlsx 再导入。"
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ImportFileError(not_a_workbook)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportFileError(not_a_workbook) from None
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise ImportFileError(
            f"Excel 文件解压后过大（约 {unpacked / 1024 / 1024:.0f} MB），不能超过 {MAX_XLSX_UNPACKED_MB} MB。"
            "请删除多余的工作表、图片和空白行后再导入，或分成几个文件导入。"
        )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            name = info.filename.lower()
            pattern = CELL if name.startswith("xl/worksheets/") else SHARED_STRING if name == SHARED_STRINGS else None
            if pattern is not None and _count(archive, info, pattern) > MAX_CELLS:
                raise ImportFileError(
                    f"Excel 文件中的单元格过多（超过 {MAX_CELLS} 个）：一次最多导入 {MAX_ROWS} 行，"
                    "请删除多余的列、工作表和空白单元格，或分成几个文件导入。"
                )


# An element's start tag, with or without a namespace prefix (<c r="A1">, <x:c r="A1"/>): a cell, a shared string.
CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?c[\s/>]")
SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?si[\s/>]")
SHARED_STRINGS = "xl/sharedstrings.xml"
LONGEST_TAG = 64
CHUNK_BYTES = 1024 * 1024


def _count(archive, info, pattern):
    """How many times `pattern` (a start tag) occurs in one member, decompressed a chunk at a time; stops past
    MAX_CELLS. A chunk is matched up to its last "<", so that no tag is split between two chunks."""
    count, pending = 0, b""
    with archive.open(info) as member:
        while count <= MAX_CELLS:
            chunk = member.read(CHUNK_BYTES)
            text = pending + chunk
            cut = text.rfind(b"<") if chunk else len(text)
            if cut < 0 or len(text) - cut > LONGEST_TAG:
                cut = len(text)  # no tag can start in what is left
            count += len(pattern.findall(text, 0, cut))
            pending = text[cut:]
            if not chunk:
                break
    return count


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _csv_table(data):
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError("该文件是 Excel 文件而不是 CSV，请将扩展名改为 .xlsx 后再导入。")
    if b"\x00" in data:
        raise ImportFileError("文件不是文本格式的 CSV，请用 Excel 另存为“CSV UTF-8（逗号分隔）”后再导入。")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves plain "CSV" in GBK; GB18030 reads that and more.
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise ImportFileError("无法识别文件的文字编码，请用 Excel 另存为“CSV UTF-8（逗号分隔）”。") from None
    try:
        for values in csv.reader(io.StringIO(text, newline="")):
            yield [value.strip() for value in values]
    except csv.Error as exc:
        raise ImportFileError(f"CSV 文件格式有误：{exc}。") from None


def _rows_from_table(table, headers, required, sheet=None):
    """The data rows of a table, None when it has no header row at all; the table is closed in the end (an open
    workbook too, when the header is refused halfway)."""
    header = None
    rows = []
    try:
        for number, values in enumerate(table, start=1):
            if not any(values):
                continue
            if header is None:
                header = _check_header(values, headers, required, sheet)
                continue
            if len(rows) >= MAX_ROWS:
                raise ImportFileError(f"数据行过多：一次最多导入 {MAX_ROWS} 行，请分成几个文件导入。")
            texts = {name: values[i] if i < len(values) else "" for name, i in header.items()}
            rows.append(SourceRow(number, {name: texts.get(name, "") for name in headers}))
    finally:
        table.close()
    return None if header is None else rows


def _check_header(values, headers, required, sheet):
    """Header name -> column index. Columns are matched by name, so their order does not matter; a column added to
    the template later may be absent (read as blank)."""
    end = len(values)
    while end and not values[end - 1]:
        end -= 1
    found = [value.strip() for value in values[:end]]
    problems = []
    missing = [name for name in required if name not in found]
    if missing:
        problems.append("缺少列：" + "、".join(missing))
    unknown = [name or f"第 {i + 1} 列（空表头）" for i, name in enumerate(found) if name not in headers]
    if unknown:
        problems.append("无法识别的列：" + "、".join(unknown))
    repeated = sorted({name for name in found if name and found.count(name) > 1}, key=found.index)
    if repeated:
        problems.append("重复的列：" + "、".join(repeated))
    if problems:
        where = f"“{sheet}”工作表的表头" if sheet else "表头"
        raise ImportFileError(f"{where}与模板不一致（" + "；".join(problems) + "）。请下载模板，按模板的表头填写。")
    return {name: found.index(name) for name in headers if name in found}
