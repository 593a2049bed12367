"""Bulk import of enterprises from a spreadsheet: every row is valid, or nothing is written.

Three steps, each usable on its own: `read_upload(file)` parses an .xlsx or .csv
upload into rows of text, the enterprises' sheet and the 重大危险源 sheet
(reading.py); `validate_rows(rows)` checks them against the model's rules and
returns the rows ready to write plus a list of (row, column, problem)
(validating.py; grades.py and sources.py for the initial grades and the second
sheet); `apply_rows(valid)` creates or updates by credit code (applying.py).
`enterprise_import(*, file, actor)` runs them in one transaction for a user who
may register (service.py); the columns and limits are in columns.py, the template
in template.py.

A 20,000-row file must take seconds, so nothing here queries per row: grid
cells, categories, existing enterprises and their categories are loaded into
dicts once; new rows go out with bulk_create, changed rows in one UPDATE.
"""

from enterprises.importer.applying import apply_rows
from enterprises.importer.columns import (
    COLUMNS,
    HEADERS,
    MAX_ERRORS_SHOWN,
    MAX_FILE_BYTES,
    MAX_FILE_MB,
    MAX_ROWS,
    ImportFileError,
    ImportResult,
    RowError,
)
from enterprises.importer.reading import read_rows, read_upload
from enterprises.importer.service import enterprise_import
from enterprises.importer.sources import SOURCE_COLUMNS, SOURCE_HEADERS, SOURCE_SHEET
from enterprises.importer.template import template_workbook
from enterprises.importer.validating import validate_rows

__all__ = [
    "COLUMNS",
    "HEADERS",
    "MAX_ERRORS_SHOWN",
    "MAX_FILE_BYTES",
    "MAX_FILE_MB",
    "MAX_ROWS",
    "ImportFileError",
    "ImportResult",
    "RowError",
    "SOURCE_COLUMNS",
    "SOURCE_HEADERS",
    "SOURCE_SHEET",
    "apply_rows",
    "enterprise_import",
    "read_rows",
    "read_upload",
    "template_workbook",
    "validate_rows",
]
