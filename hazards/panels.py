"""What the hazards app adds to the dossier and to the grid pages (registered in HazardsConfig.ready)."""

from django.db.models import Sum
from django.utils import timezone

from bureau.figures import count_figures, shown
from grids.models import GridLevel
from hazards.models import OPEN_STATUSES, HazardCount
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


def grid_panel(request, cell):
    """The cell's open and overdue hazards, counted by the figure registry (each opens its list)."""
    hazards = visible_hazards(request.user).in_grid(cell)
    if cell.level == GridLevel.TOWN and sees_every_hazard(request.user):
        # A town's hazards are those of the enterprises whose town it is (an enterprise's town is its cell's town):
        # the open ones summed from the summary rows, the overdue ones (they depend on today: no row) counted over
        # the open hazards' deadline index joined to the town's enterprises, not over the town's grid paths.
        hazards = visible_hazards(request.user).filter(enterprise__town=cell)
        open_, overdue = shown(["hazards.open", "hazards.overdue"], _town_counts(cell, hazards), cell=cell)
    else:
        open_, overdue = count_figures(["hazards.open", "hazards.overdue"], request.user, cell=cell)
    return {
        "cell": cell,
        "open": open_,
        "open_count": open_.value,
        "overdue_figure": overdue,
        "overdue": hazards.overdue().select_related("enterprise").order_by("rectification_deadline")[:10],
    }


def _town_counts(town, hazards):
    open_ = HazardCount.objects.filter(town_key=town.pk, status__in=OPEN_STATUSES).aggregate(n=Sum("n", default=0))
    return {"hazards.open": open_["n"], "hazards.overdue": hazards.overdue(timezone.localdate()).count()}
