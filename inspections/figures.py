"""Enforcement figures (数字轨迹) counted from records: the dashboard and the tests use this same code."""

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from enterprises.models import Industry
from hazards.models import Hazard, HazardStatus
from inspections.enforcement.models import Case, Document
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection
from inspections.registers.models import Talk


def per_inspection(through):
    """How many rows of an inspection's link table (inspectors, experts, hazards) point at it: a subquery per row,
    so a list or a sum needs no join that multiplies one link by another, and no GROUP BY over the whole set."""
    links = through.objects.filter(inspection=OuterRef("pk")).order_by().values("inspection")
    return Coalesce(Subquery(links.annotate(n=Count("pk")).values("n")), 0)


def enforcement_figures(start, end):
    """Figures for inspections dated between start and end (inclusive), and their outcomes."""
    inspections = Inspection.objects.filter(date__range=(start, end))

    # Inspectors and experts counted per inspection, then summed: one query, and no join that multiplies the two.
    counts = inspections.annotate(
        inspector_count=per_inspection(Inspection.inspectors.through),
        expert_count=per_inspection(Inspection.experts.through),
    ).aggregate(visits=Count("pk"), inspector_visits=Sum("inspector_count"), expert_visits=Sum("expert_count"))
    found = Inspection.hazards.through.objects.filter(inspection__in=inspections).values("hazard")
    hazard_counts = Hazard.objects.filter(pk__in=found).aggregate(
        found=Count("pk"), rectified=Count("pk", filter=Q(status__in=[HazardStatus.RECTIFIED, HazardStatus.CLOSED]))
    )
    documents = Document.objects.filter(issued_at__date__range=(start, end), superseded_by__isnull=True)
    document_counts = documents.aggregate(
        suspended_enterprises=Count("enterprise", distinct=True, filter=Q(suspends=True)),
        rectification_orders=Count("pk", filter=Q(kind=DocumentKind.RECTIFICATION_ORDER)),
        fines=Sum("fine_amount", filter=Q(kind=DocumentKind.PENALTY_DECISION)),
    )
    talks = Talk.objects.filter(date__range=(start, end)).aggregate(
        mine_heads=Count("pk", filter=Q(enterprise__industry=Industry.NON_COAL_MINE)),
        chemical_heads=Count("pk", filter=Q(enterprise__industry=Industry.CHEMICALS)),
    )
    return {
        "visits": counts["visits"],
        "inspector_visits": counts["inspector_visits"] or 0,
        "expert_visits": counts["expert_visits"] or 0,
        "hazards_found": hazard_counts["found"],
        "hazards_rectified": hazard_counts["rectified"],
        "suspended_enterprises": document_counts["suspended_enterprises"],
        "rectification_orders": document_counts["rectification_orders"],
        "penalty_cases": Case.objects.filter(opened_on__range=(start, end)).count(),
        "fines": document_counts["fines"] or 0,
        "talks_mine_heads": talks["mine_heads"],
        "talks_chemical_heads": talks["chemical_heads"],
    }
