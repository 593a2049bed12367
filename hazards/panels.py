"""What the hazards app adds to the dossier and to the grid pages (registered in HazardsConfig.ready)."""

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
    hazards = visible_hazards(request.user).in_grid(cell)
    counts, overdue = status_counts(hazards)
    return {
        "cell": cell,
        "open_count": sum(n for status, _, n in counts if status != "closed"),
        "overdue_count": overdue,
        "overdue": hazards.overdue().select_related("enterprise").order_by("rectification_deadline")[:10],
    }
