"""What the hazards app adds to the dossier and to the grid pages (registered in HazardsConfig.ready)."""

from bureau.figures import count_figures
from hazards.permissions import visible_hazards
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
    open_, overdue = count_figures(["hazards.open", "hazards.overdue"], request.user, cell=cell)
    return {
        "cell": cell,
        "open": open_,
        "open_count": open_.value,
        "overdue_figure": overdue,
        "overdue": hazards.overdue().select_related("enterprise").order_by("rectification_deadline")[:10],
    }
