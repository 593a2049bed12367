"""The registry's figures (bureau.figures) about hazards and self-checks, in the viewer's scope."""

from django.db.models import Q
from django.utils import timezone

from bureau.figures import AS_OF_TODAY, Figure, register
from enterprises.figures import IN_REGISTRY, enterprises_seen
from hazards.models import OPEN_STATUSES, HazardOrigin, HazardStatus, overdue_q
from hazards.permissions import visible_hazards
from hazards.self_checks import filed_q

RECTIFIED = [HazardStatus.RECTIFIED, HazardStatus.CLOSED]


def hazards_seen(viewer, period):
    return visible_hazards(viewer)


def _found_by_inspection(period):
    return Q(source=HazardOrigin.INSPECTION, found_on__range=(period.start, period.end))


def _found_params(period):
    return {"source": HazardOrigin.INSPECTION, **period.params("found_after", "found_before")}


def register_figures():
    register(
        Figure(
            key="hazards.open",
            label="未销号隐患",
            unit="项",
            basis="状态为已上报、整改中或已整改（尚未销号）的隐患。",
            source=hazards_seen,
            where=lambda period: Q(status__in=OPEN_STATUSES),
            list_name="hazards:list",
            list_params=lambda period: {"open": "1"},
            span=AS_OF_TODAY,
            cell_path="enterprise__grid_cell__path",
        ),
        Figure(
            key="hazards.overdue",
            label="逾期隐患",
            unit="项",
            basis="未销号且已过整改期限的隐患。",
            source=hazards_seen,
            where=lambda period: overdue_q(timezone.localdate()),
            list_name="hazards:list",
            list_params=lambda period: {"overdue": "1"},
            span=AS_OF_TODAY,
            cell_path="enterprise__grid_cell__path",
        ),
        Figure(
            key="hazards.found_by_inspection",
            label="查处各类隐患",
            unit="项",
            basis="来源为执法检查、发现日期在时段内的隐患。",
            source=hazards_seen,
            where=_found_by_inspection,
            list_name="hazards:list",
            list_params=_found_params,
        ),
        Figure(
            key="hazards.rectified_of_found",
            label="已完成整改",
            unit="项",
            basis="时段内执法检查查处的隐患中，现已整改或已销号的。",
            source=hazards_seen,
            where=lambda period: _found_by_inspection(period) & Q(status__in=RECTIFIED),
            list_name="hazards:list",
            list_params=lambda period: {**_found_params(period), "rectified": "1"},
        ),
        Figure(
            key="self_checks.filed",
            label="自主开展隐患自查自报自改",
            unit="家",
            basis="在册企业中，时段内至少有一个月份报送了自查的，每家计一次。",
            source=enterprises_seen,
            where=lambda period: IN_REGISTRY & filed_q(period.start, period.end),
            list_name="self_checks:coverage",
            list_params=lambda period: {
                "from_month": period.start.strftime("%Y-%m"),
                "to_month": period.end.strftime("%Y-%m"),
                "filed": "1",
            },
        ),
    )
