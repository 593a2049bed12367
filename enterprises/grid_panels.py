"""What the enterprises app adds to the grid pages (registered in EnterprisesConfig.ready)."""

import os

from django.db.models import Case, Count, OuterRef, Q, Subquery, Sum, When
from django.db.models.functions import Coalesce

from bureau.figures import count_figures
from enterprises.models import Enterprise, EnterpriseCount
from enterprises.permissions import visible_enterprises
from enterprises.stats import grade_counts
from grids.models import GridCell, GridLevel


def enterprise_counts(cells):
    """{cell.pk: enterprises in its subtree}: a town and the cells above it from the registry's summary rows, the
    cells below a town by counting that part of the grid; one query for each kind present."""
    upper = [cell for cell in cells if cell.level <= GridLevel.TOWN]
    lower = [cell for cell in cells if cell.level > GridLevel.TOWN]
    return {**_counts_from_summary(upper), **_counted(lower)}


def _common_path(cells):
    common = os.path.commonprefix([cell.path for cell in cells])
    return common[: common.rfind("/") + 1]


def _counts_from_summary(cells):
    """A town's enterprises are its summary rows' sum (an enterprise's town is its cell's town, kept on save and
    when a cell moves), without reading the enterprises: a city's towns count in the same time at a province's
    million enterprises as at a city's twenty thousand. A cell above the towns adds the few enterprises sitting on
    the cell itself (an indexed count)."""
    if not cells:
        return {}
    kept = (
        EnterpriseCount.objects.filter(town_key=OuterRef("pk"))
        .order_by()
        .values("town_key")
        .annotate(total=Sum("n"))
        .values("total")
    )
    sitting = (
        Enterprise.objects.filter(grid_cell=OuterRef("pk"))
        .order_by()
        .values("grid_cell")
        .annotate(total=Count("pk"))
        .values("total")
    )
    parts = list(
        GridCell.objects.filter(path__startswith=_common_path(cells), level__lte=GridLevel.TOWN)
        .annotate(
            n=Case(
                When(level=GridLevel.TOWN, then=Coalesce(Subquery(kept), 0)),
                default=Coalesce(Subquery(sitting), 0),
            )
        )
        .values_list("path", "n")
    )
    return {cell.pk: sum(n for path, n in parts if path.startswith(cell.path)) for cell in cells}


def _counted(cells):
    if not cells:
        return {}
    # Only the enterprises under the cells' common ancestor are read (an indexed prefix query on the path): a
    # community's page counts its own villages, not the whole city.
    row = Enterprise.objects.filter(grid_cell__path__startswith=_common_path(cells)).aggregate(
        **{f"c{cell.pk}": Count("pk", filter=Q(grid_cell__path__startswith=cell.path)) for cell in cells}
    )
    return {cell.pk: row[f"c{cell.pk}"] for cell in cells}


def enterprises_by_grade_panel(request, cell):
    """The cell's enterprises in the registry (closed ones out, as the figure counts), and how they are graded."""
    [registered] = count_figures(["enterprises.registered"], request.user, cell=cell)
    counts = grade_counts(visible_enterprises(request.user).in_grid(cell).operating())
    return {"cell": cell, "grade_counts": counts, "registered": registered}
