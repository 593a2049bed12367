"""The registry's figures (bureau.figures) about accidents: the follow-ups (责任追究) and the investigation
reports past or near their deadline, as their lists count."""

from django.db.models import Q
from django.utils import timezone

from bureau.figures import AS_OF_TODAY, Figure, register
from inspections.accidents.deadlines import WARN_DAYS, accidents_report_due_soon_q, accidents_report_overdue_q
from inspections.accidents.models import Accountability
from inspections.accidents.permissions import can_see_follow_ups, visible_accidents


def accountability_seen(viewer, period):
    records = Accountability.objects.all()
    return records if can_see_follow_ups(viewer) else records.none()


def accidents_seen(viewer, period):
    return visible_accidents(viewer)


def _report_due(state, label, basis, where):
    return Figure(
        key=f"accidents.report_{state}",
        label=label,
        unit="起",
        basis=basis,
        source=accidents_seen,
        where=lambda period: where(timezone.localdate()),
        list_name="accidents:list",
        list_params=lambda period: {"report_due": state},
        span=AS_OF_TODAY,
        warning=state == "overdue",
    )


def _accountability(kind, label, unit, basis, persons):
    return Figure(
        key=f"accountability.{kind}",
        label=label,
        unit=unit,
        basis=basis,
        source=accountability_seen,
        where=lambda period: Q(kind=kind, date__range=(period.start, period.end)),
        list_name="accidents:follow_ups",
        list_params=lambda period: {"start": period.start.isoformat(), "end": period.end.isoformat(), "kind": kind},
        sum_of="person_count" if persons else None,
    )


def register_figures():
    kinds = Accountability.Kind
    register(
        _accountability(
            kinds.CRIMINAL, "移送追究刑事责任", "人", "时段内移送追究刑事责任的人数（各条记录的涉及人数之和）。", True
        ),
        _accountability(
            kinds.DISCIPLINE, "追究党政纪责任", "人", "时段内追究党政纪责任的人数（各条记录的涉及人数之和）。", True
        ),
        _accountability(kinds.BULLETIN, "追责问责情况通报", "次", "时段内追责问责情况通报的次数。", False),
        _report_due(
            "overdue",
            "事故调查报告逾期",
            "调查报告期限（延长的，为延长后的期限）已过、报告尚未批准的事故。",
            accidents_report_overdue_q,
        ),
        _report_due(
            "soon",
            "事故调查报告即将到期",
            f"调查报告期限在今日起{WARN_DAYS}日内（含今日）、报告尚未批准的事故。",
            accidents_report_due_soon_q,
        ),
    )
