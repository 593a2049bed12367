"""The yearly plan's figures (bureau.figures): this year's planned inspections (the plan in force) and the
inspections done toward it, each kind with its list."""

from datetime import date

from django.db.models import Q
from django.utils import timezone

from bureau.figures import AS_OF_TODAY, Figure, register
from inspections import permissions
from inspections.figures import inspections_seen
from inspections.inspection.models import InspectionKind
from inspections.planning.plan_models import PlannedCount, PlanStatus


def planned_seen(viewer, period):
    """The planned counts of approved plans: the bureau's (nothing for anyone else)."""
    if not permissions.can_see_plans(viewer):
        return PlannedCount.objects.none()
    return PlannedCount.objects.filter(plan__status=PlanStatus.APPROVED)


def _this_year():
    return timezone.localdate().year


def _year_params(kind):
    def params(period):
        year = _this_year()
        return {"date_after": date(year, 1, 1).isoformat(), "date_before": date(year, 12, 31).isoformat(), "kind": kind}

    return params


def _done(kind, label):
    return Figure(
        key=f"plans.done_{kind}",
        label=label,
        unit="家次",
        basis=f"本年度（1月1日起）的“{InspectionKind(kind).label}”，计入年度计划的完成数。",
        source=inspections_seen,
        where=lambda period: Q(date__year=_this_year(), kind=kind),
        list_name="inspections:list",
        list_params=_year_params(kind),
        span=AS_OF_TODAY,
    )


def register_figures():
    register(
        Figure(
            key="plans.planned",
            label="本年计划检查",
            unit="家次",
            basis="本年度现行（已批准）监督检查计划中各月、各镇街计划检查数之和。",
            source=planned_seen,
            where=lambda period: Q(plan__year=_this_year()),
            list_name="plans:planned",
            list_params=lambda period: {"year": _this_year()},
            span=AS_OF_TODAY,
            sum_of="planned",
        ),
        _done(InspectionKind.ROUTINE, "本年已完成重点检查"),
        _done(InspectionKind.RANDOM, "本年已完成双随机抽查"),
    )
