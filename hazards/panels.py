"""What the hazards app adds to the dossier and to the grid pages (registered in HazardsConfig.ready)."""

from django.utils import timezone

from bureau.figures import count_figures, shown
from grids.models import GridLevel
from hazards import deadline_summary
from hazards.permissions import sees_every_hazard, visible_hazards
from hazards.stats import status_counts


def dossier_section(request, enterprise):
    hazards = visible_hazards(request.user).filter(enterprise=enterprise)
    counts, overdue = status_counts(hazards)
    return {
        "enterprise": enterprise,
        "status_counts": counts,
        "overdue_count": overdue,
        "latest": hazards.order_by("-found_on", "-id")[:10],
    }


FIGURES = ["hazards.open", "hazards.overdue"]


def grid_panel(request, cell):
    """The cell's open and overdue hazards, counted by the figure registry (each opens its list)."""
    today = timezone.localdate()
    hazards = visible_hazards(request.user).in_grid(cell)
    if cell.level == GridLevel.TOWN and sees_every_hazard(request.user):
        # A town's hazards are those of the enterprises whose town it is (an enterprise's town is its cell's town):
        # its open ones are the sum of its rows of open hazards by deadline, its overdue ones (deadline before today)
        # the sum of a range of them; one query over the town's rows, not over its hazards or grid paths.
        hazards = visible_hazards(request.user).filter(enterprise__town=cell)
        counts = dict(zip(FIGURES, deadline_summary.town_counts(cell, today), strict=True))
        open_, overdue = shown(FIGURES, counts, cell=cell)
    else:
        open_, overdue = count_figures(FIGURES, request.user, cell=cell)
    return {
        "cell": cell,
        "open": open_,
        "open_count": open_.value,
        "overdue_figure": overdue,
        "overdue": hazards.overdue(today).select_related("enterprise").order_by("rectification_deadline")[:10],
    }
