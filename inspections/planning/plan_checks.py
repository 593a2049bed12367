"""Repeat inspections: the warning on the inspection form when the enterprise was inspected within the plan's N
days, and the enterprises inspected more often this year than the plan says."""

from datetime import timedelta

from django.db.models import Case, Count, F, IntegerField, Q, Value, When

from enterprises.models import Enterprise, InspectionInterval, RiskGrade
from inspections.inspection.models import Inspection, InspectionKind
from inspections.planning.plan_models import PlanMethod, SupervisionPlan
from inspections.planning.plans import group_of, visits_per_year

DEFAULT_REPEAT_DAYS = 30
# Planned visits and campaigns are what a plan limits; a recheck, a complaint or an accident calls for a visit
# whatever the plan says.
PLANNED_KINDS = [InspectionKind.ROUTINE, InspectionKind.RANDOM, InspectionKind.CAMPAIGN]


def plan_in_force(year):
    return SupervisionPlan.objects.approved().filter(year=year).first()


def repeat_days(today):
    plan = plan_in_force(today.year)
    return plan.repeat_days if plan is not None else DEFAULT_REPEAT_DAYS


def repeat_warning(enterprise, today):
    """The warning (a sentence) when `enterprise` was inspected within the plan's repeat days, else ''."""
    if enterprise is None:
        return ""
    days = repeat_days(today)
    last = (
        Inspection.objects.filter(enterprise=enterprise, date__gte=today - timedelta(days=days), date__lte=today)
        .prefetch_related("inspectors")
        .order_by("-date", "-id")
        .first()
    )
    if last is None:
        return ""
    names = "、".join(u.first_name or u.username for u in last.inspectors.all())
    return (
        f"提醒：该企业已于 {last.date:%Y-%m-%d} 由 {names or '执法人员'}检查（{last.get_kind_display()}），"
        f"在计划规定的 {days} 天内。如非必要，请避免重复检查。"
    )


def expected_visits(plan):
    """An expression: how many visits of the planned kinds the plan gives an enterprise a year."""
    days = InspectionInterval.days_by_grade()
    whens = []
    for line in plan.lines.all():
        if line.method == PlanMethod.KEY:
            for grade in [*RiskGrade, ""]:
                visits = visits_per_year(days.get(grade) or days[RiskGrade.BLUE])
                whens.append(When(Q(plan_group=line.group, grade=grade), then=Value(visits)))
        elif line.method == PlanMethod.GENERAL:
            whens.append(When(plan_group=line.group, then=Value(1)))
    return Case(*whens, default=Value(0), output_field=IntegerField())


def over_planned(plan):
    """Enterprises inspected (planned kinds) more often in the plan's year than the plan gives them."""
    if plan is None:
        return Enterprise.objects.none()
    inspected = Count("inspections", filter=Q(inspections__date__year=plan.year, inspections__kind__in=PLANNED_KINDS))
    return (
        Enterprise.objects.annotate(plan_group=group_of(), inspected=inspected)
        .annotate(expected=expected_visits(plan))
        .filter(inspected__gt=F("expected"))
        .select_related("town")
        .order_by("-inspected", "name")
    )
