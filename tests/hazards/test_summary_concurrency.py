"""A hazard written while its enterprise moves town, in two transactions at once: whichever goes first, the hazard
counts under the town the enterprise ends in (hazards/summary.py locks the hazards' enterprises FOR SHARE), in each of
the hazards' summaries."""

import pytest
from django.db import connection

from enterprises.models import Enterprise
from hazards import deadline_summary, major_summary, summary
from hazards.models import Hazard
from tests.concurrency import in_turn
from tests.factories import make_hazard
from tests.hazards.test_summary import PLAN

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]


@pytest.fixture
def moving(world, staff):
    make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    make_hazard(enterprise=world.enterprise_x, reported_by=staff, level="major", **PLAN)

    def move():
        Enterprise.objects.filter(pk=world.enterprise_x.pk).update(town=world.town2)

    def report():  # a major one: counted in each of the three summaries
        make_hazard(enterprise=world.enterprise_x, reported_by=staff, level="major", **PLAN)

    def start():
        Hazard.objects.filter(enterprise=world.enterprise_x).update(status="rectifying")

    return {"move": move, "report": report, "start": start}


@pytest.mark.parametrize(
    "first, second", [("move", "report"), ("report", "move"), ("move", "start"), ("start", "move")]
)
def test_a_hazard_written_while_its_enterprise_moves_counts_where_the_enterprise_ends(moving, first, second):
    waited = in_turn(moving[first], moving[second])

    assert waited  # the two met: the second waited for the first's commit
    assert summary.drift() == {} and deadline_summary.drift() == {} and major_summary.drift() == {}
