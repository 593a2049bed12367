"""The registry's figures (bureau.figures) about the follow-ups of accidents (责任追究), as their list counts."""

from django.db.models import Q

from bureau.figures import Figure, register
from inspections.accidents.models import Accountability
from inspections.accidents.permissions import can_see_follow_ups


def accountability_seen(viewer, period):
    records = Accountability.objects.all()
    return records if can_see_follow_ups(viewer) else records.none()


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
    )
