"""The registry's figures (bureau.figures) about the grid."""

from django.db.models import Q

from bureau.figures import AS_OF_TODAY, Figure, register
from grids.permissions import visible_cells


def cells_seen(viewer, period):
    return visible_cells(viewer)


def register_figures():
    register(
        Figure(
            key="grids.cells",
            label="网格总数",
            unit="个",
            basis="四级网格（市、镇街、村社区、网格）中查看者可见的全部单元。",
            source=cells_seen,
            where=lambda period: Q(),
            list_name="grids:tree",
            list_params=lambda period: {},
            span=AS_OF_TODAY,
        ),
    )
