"""What each drawn inspection found, rolled up per draw: 合格, 责令整改, 立案处罚 or 未检查.

Read from the inspections the drawn pair recorded for the enterprise since the draw ran (the same visits that close
the task in inspections.planning.progress), the worst finding of them counting: a case filed from one of them (立案
处罚); else hazards found or a rectification order or measures decision issued from one (责令整改); else, inspected,
合格. One annotated query for a page of rows, one for the counts of a whole draw: no query per row."""

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Value, When

from inspections.enforcement.models import Document
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection


class Result(models.TextChoices):
    CASE = "case", "立案处罚"
    ORDERED = "ordered", "责令整改"
    PASSED = "passed", "合格"
    PENDING = "pending", "未检查"


ORDER_KINDS = (DocumentKind.RECTIFICATION_ORDER, DocumentKind.MEASURES_DECISION)


def _pair_visits():
    visits = Inspection.objects.filter(enterprise=OuterRef("enterprise"), date__gte=OuterRef("draw__run__run_on"))
    # Two filter() calls: two joins on the inspectors, so both officers must be among them.
    return visits.filter(inspectors=OuterRef("officer_1")).filter(inspectors=OuterRef("officer_2"))


def with_results(drawn):
    """Drawn rows annotated with `result` (a Result value)."""
    documents = Document.objects.filter(inspection=OuterRef("pk"))
    with_case = _pair_visits().filter(Exists(documents.filter(case__isnull=False)))
    with_order = _pair_visits().filter(
        Q(Exists(Inspection.hazards.through.objects.filter(inspection=OuterRef("pk"))))
        | Q(Exists(documents.filter(kind__in=ORDER_KINDS)))
    )
    return drawn.annotate(
        result=models.Case(
            When(Exists(with_case), then=Value(Result.CASE)),
            When(Exists(with_order), then=Value(Result.ORDERED)),
            When(Exists(_pair_visits()), then=Value(Result.PASSED)),
            default=Value(Result.PENDING),
            output_field=models.CharField(),
        )
    )


def result_counts(draw, *, total=None):
    """{Result: count} for every Result, in Result's order, for the whole draw: one query (two without `total`, the
    number of drawn rows, which a page's paginator has already counted).

    Only drawn enterprises inspected by anyone since the draw ran can be other than 未检查, so the results are worked
    out for those alone (found from the inspections since that day, by their date index) and the rest are pending:
    a province's draw has tens of thousands of rows, each costing three probes of the inspections otherwise."""
    if total is None:
        total = draw.drawn.count()
    run = draw.run_or_none()
    found = {}
    if run is not None:
        visited = Inspection.objects.filter(date__gte=run.run_on).values("enterprise")
        inspected = with_results(draw.drawn.filter(enterprise__in=visited))
        rows = inspected.order_by().values("result").annotate(n=Count("pk"))
        found = {row["result"]: row["n"] for row in rows}
    found[Result.PENDING.value] = total - sum(n for result, n in found.items() if result != Result.PENDING)
    return {result: found.get(result.value, 0) for result in Result}
