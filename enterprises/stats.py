from django.db.models import Count

from enterprises.models import RiskGrade

GRADE_ORDER = [RiskGrade.RED, RiskGrade.YELLOW, RiskGrade.BLUE, RiskGrade.GREEN]


def grade_counts(queryset):
    """Counts by grade in one query: [(grade value, label, n)] from red to green, ungraded last."""
    counts = dict(queryset.order_by().values_list("grade").annotate(n=Count("pk")))
    rows = [(g.value, g.label, counts.get(g.value, 0)) for g in GRADE_ORDER]
    return rows + [("none", "未定级", counts.get("", 0))]
