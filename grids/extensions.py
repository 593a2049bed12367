"""Places where higher apps add to the grid pages without grids importing them.

The enterprises and hazards apps register here from their AppConfig.ready():
a column of per-cell subtree counts on the tree pages, and a panel on a cell's page.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SubtreeColumn:
    label: str
    # counts(cells) -> {cell.pk: number}, for the subtree of each cell, in a fixed number of queries
    counts: Callable


@dataclass(frozen=True)
class CellPanel:
    template_name: str
    # context(request, cell) -> dict for the template, or None to show nothing
    context: Callable


subtree_columns: list[SubtreeColumn] = []
cell_panels: list[CellPanel] = []


def register_subtree_column(label, counts):
    subtree_columns.append(SubtreeColumn(label, counts))


def register_cell_panel(template_name, context):
    cell_panels.append(CellPanel(template_name, context))
