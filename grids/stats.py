"""Counts over subtrees of the grid, in one query whatever the size of the grid."""

from django.db.models import Count, Exists, OuterRef, Q

from grids.extensions import subtree_columns
from grids.models import GridAssignment, GridCell


def _has_current_responsible():
    return Exists(GridAssignment.objects.current().responsible().filter(cell=OuterRef("pk")))


def coverage_counts(cells):
    """{cell.pk: (cells in subtree, cells in subtree with a current 责任人)} in one query."""
    if not cells:
        return {}
    aggregates = {}
    for cell in cells:
        in_subtree = Q(path__startswith=cell.path)
        aggregates[f"n{cell.pk}"] = Count("pk", filter=in_subtree)
        aggregates[f"c{cell.pk}"] = Count("pk", filter=in_subtree & Q(covered=True))
    row = GridCell.objects.annotate(covered=_has_current_responsible()).aggregate(**aggregates)
    return {cell.pk: (row[f"n{cell.pk}"], row[f"c{cell.pk}"]) for cell in cells}


def rows_with_stats(cells):
    """Rows for a table of cells: each with its subtree size, coverage and the registered columns."""
    cells = list(cells)
    coverage = coverage_counts(cells)
    extra = [(column.label, column.counts(cells)) for column in subtree_columns]
    rows = []
    for cell in cells:
        total, covered = coverage[cell.pk]
        rows.append(
            {
                "cell": cell,
                "cells": total,
                "covered": covered,
                "coverage": round(100 * covered / total, 1) if total else 0,
                "extra": [(label, counts.get(cell.pk, 0)) for label, counts in extra],
            }
        )
    return rows


def column_labels():
    return [column.label for column in subtree_columns]


def cells_without_responsible():
    return GridCell.objects.exclude(_has_current_responsible())
