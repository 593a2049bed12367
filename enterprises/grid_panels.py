"""What the enterprises app adds to the grid pages (registered in EnterprisesConfig.ready)."""

import os

from django.db.models import Count, Q

from bureau.figures import count_figures
from enterprises.models import Enterprise
from enterprises.permissions import visible_enterprises
from enterprises.stats import grade_counts


def enterprise_counts(cells):
    """{cell.pk: enterprises in its subtree}, one query for all the cells."""
    if not cells:
        return {}
    # Only the enterprises under the cells' common ancestor are read (an indexed prefix query on the path): a
    # community's page counts its own villages, not the whole city.
    common = os.path.commonprefix([cell.path for cell in cells])
    row = Enterprise.objects.filter(grid_cell__path__startswith=common[: common.rfind("/") + 1]).aggregate(
        **{f"c{cell.pk}": Count("pk", filter=Q(grid_cell__path__startswith=cell.path)) for cell in cells}
    )
    return {cell.pk: row[f"c{cell.pk}"] for cell in cells}


def enterprises_by_grade_panel(request, cell):
    """The cell's enterprises in the registry (closed ones out, as the figure counts), and how they are graded."""
    [registered] = count_figures(["enterprises.registered"], request.user, cell=cell)
    counts = grade_counts(visible_enterprises(request.user).in_grid(cell).operating())
    return {"cell": cell, "grade_counts": counts, "registered": registered}
