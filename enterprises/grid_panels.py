"""What the enterprises app adds to the grid pages (registered in EnterprisesConfig.ready)."""

import os

from django.db.models import Case, Count, OuterRef, Subquery, Sum, When
from django.db.models.functions import Coalesce

from bureau.figures import count_figures, shown
from enterprises import summary
from enterprises.models import Enterprise, EnterpriseCount
from enterprises.permissions import sees_whole_registry, visible_enterprises
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


def _sitting():
    """The enterprises sitting on the cell itself (OuterRef pk): an index-only count on the enterprises' cell."""
    return (
        Enterprise.objects.filter(grid_cell=OuterRef("pk"))
        .order_by()
        .values("grid_cell")
        .annotate(total=Count("*"))
        .values("total")
    )


def _subtree_sums(cells, parts):
    """{cell.pk: the sum of the (path, n) parts in its subtree}."""
    return {cell.pk: sum(n for path, n in parts if path.startswith(cell.path)) for cell in cells}


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
    parts = (
        GridCell.objects.filter(path__startswith=_common_path(cells), level__lte=GridLevel.TOWN)
        .annotate(
            n=Case(
                When(level=GridLevel.TOWN, then=Coalesce(Subquery(kept), 0)),
                default=Coalesce(Subquery(_sitting()), 0),
            )
        )
        .values_list("path", "n")
    )
    return _subtree_sums(cells, list(parts))


def _counted(cells):
    """Cells below a town: each cell under the cells' common ancestor with its own enterprises, an index-only count
    on the enterprises' cell (a community's page reads its villages' index entries, a town's its communities'; no
    join of each enterprise to its cell's path), summed per subtree here."""
    if not cells:
        return {}
    parts = (
        GridCell.objects.filter(path__startswith=_common_path(cells))
        .annotate(n=Coalesce(Subquery(_sitting()), 0))
        .values_list("path", "n")
    )
    return _subtree_sums(cells, list(parts))


def enterprises_by_grade_panel(request, cell):
    """The cell's enterprises in the registry (closed ones out, as the figure counts), and how they are graded."""
    if cell.level == GridLevel.TOWN and sees_whole_registry(request.user):
        # A town's whole registry is its summary rows (an enterprise's town is its cell's town): one query over a
        # few hundred rows instead of counting the town's enterprises twice. The figure is the counts' sum, as the
        # list it opens totals them.
        counts = summary.grade_counts({"town": cell, "in_registry": True})
        [registered] = shown(
            ["enterprises.registered"], {"enterprises.registered": sum(n for *_, n in counts)}, cell=cell
        )
        return {"cell": cell, "grade_counts": counts, "registered": registered}
    [registered] = count_figures(["enterprises.registered"], request.user, cell=cell)
    counts = grade_counts(visible_enterprises(request.user).in_grid(cell).operating())
    return {"cell": cell, "grade_counts": counts, "registered": registered}
