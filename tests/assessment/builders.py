"""Data for the assessment page tests: two ranked quarters of the `world` towns, built from records."""

from datetime import timedelta

from django.utils import timezone

from bureau.assessment.scoring import compute_ranking
from bureau.quarters import Quarter
from inspections.accidents.models import Accident
from tests.factories import make_hazard


def last_ended_quarter():
    return Quarter.last_ended(timezone.localdate())


def rank_two_quarters(world, staff):
    """The quarter before last: town 2 had an accident, so 仙降 (town 1) leads 45.00 to 43.00.
    Last quarter: 仙降 has a major hazard overdue, so 飞云 leads 45.00 to 42.00 — 飞云 ↑1, 仙降 ↓1.

    Everything else is equal: nothing inspected, self-checked, filed or covered; no campaign (counts as done)."""
    current = last_ended_quarter()
    previous = current.previous()
    Accident.objects.create(
        date=previous.start + timedelta(days=10),
        enterprise=world.enterprise_y,
        summary="机械伤害",
        injuries=1,
        recorded_by=staff,
    )
    # Found before the quarter before last (so neither quarter's rectification rate counts it), due early in the
    # last quarter: overdue at its end only.
    make_hazard(
        enterprise=world.enterprise_x,
        reported_by=staff,
        level="major",
        location="储罐区",
        found_on=previous.start - timedelta(days=10),
        rectification_deadline=current.start + timedelta(days=5),
    )
    compute_ranking(previous)
    return compute_ranking(current)
