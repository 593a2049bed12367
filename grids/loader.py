"""Loading the city's grid from its CSV data file: all lines valid, or nothing loaded."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from grids.models import GridCell, GridLevel
from grids.signals import cells_loaded

DATA_FILE = Path(__file__).resolve().parent / "data" / "ruian_grid.csv"
COLUMNS = ["code", "name", "level", "parent_code"]


class GridFileError(Exception):
    """A data file that cannot be loaded; the message names the line."""


@dataclass(frozen=True)
class Row:
    line: int
    code: str
    name: str
    level: int
    parent_code: str


def parse(lines):
    """Check every line of the file; returns the rows or raises GridFileError naming the first bad line."""
    reader = csv.reader(lines)
    header = next(reader, None)
    if header != COLUMNS:
        raise GridFileError(f"第 1 行：表头应为 {','.join(COLUMNS)}，实际为 {','.join(header or [])}")
    rows, levels = [], {}
    for line_no, fields in enumerate(reader, start=2):
        if not fields:
            continue
        if len(fields) != len(COLUMNS):
            raise GridFileError(f"第 {line_no} 行：应有 {len(COLUMNS)} 列，实际 {len(fields)} 列")
        code, name, level_text, parent_code = (field.strip() for field in fields)
        if not code or not name:
            raise GridFileError(f"第 {line_no} 行：网格编码和名称不能为空")
        if code in levels:
            raise GridFileError(f"第 {line_no} 行：网格编码 {code} 重复")
        if level_text not in {"1", "2", "3", "4"}:
            raise GridFileError(f"第 {line_no} 行：网格级别应为 1–4，实际为 {level_text!r}")
        level = int(level_text)
        if level == GridLevel.CITY:
            if parent_code:
                raise GridFileError(f"第 {line_no} 行：一级网格不能有上级网格")
        elif parent_code not in levels:
            raise GridFileError(f"第 {line_no} 行：上级网格 {parent_code!r} 不存在（上级须写在下级之前）")
        elif levels[parent_code] != level - 1:
            raise GridFileError(f"第 {line_no} 行：网格级别应比上级网格（{levels[parent_code]} 级）低一级")
        levels[code] = level
        rows.append(Row(line_no, code, name, level, parent_code))
    return rows


@transaction.atomic
def load_grid(path=DATA_FILE):
    """Create or update the cells of the data file; returns (created, updated). Running it twice changes nothing."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = parse(handle)
    existing = {cell.code: cell for cell in GridCell.objects.all()}
    created = updated = 0
    # Parents come before children in the file, so each level's parents already have ids and paths.
    for level in GridLevel.values:
        new_cells, changed = [], []
        for row in (r for r in rows if r.level == level):
            parent = existing.get(row.parent_code)
            cell = existing.get(row.code)
            if cell is None:
                cell = GridCell(code=row.code, name=row.name, level=row.level, parent=parent)
                cell.path = cell.compute_path()
                new_cells.append(cell)
            elif (cell.name, cell.level, cell.parent_id) != (row.name, row.level, parent and parent.pk):
                cell.name, cell.level, cell.parent = row.name, row.level, parent
                cell.path = cell.compute_path()
                changed.append(cell)
        GridCell.objects.bulk_create(new_cells, batch_size=1000)
        GridCell.objects.bulk_update(changed, ["name", "level", "parent", "path"], batch_size=1000)
        created += len(new_cells)
        updated += len(changed)
        if new_cells:
            # SQLite and PostgreSQL both return ids from bulk_create, but re-read to be sure of them.
            existing.update({c.code: c for c in GridCell.objects.filter(code__in=[c.code for c in new_cells])})
    if created or updated:
        cells_loaded.send(sender=GridCell)
    return created, updated
