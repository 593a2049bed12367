"""An inspection written while its enterprise is regraded or moves town, in two transactions at once: whichever goes
first, the inspection counts under the group and town the enterprise ends with (inspections/planning/done_summary.py
locks the inspections' enterprises FOR SHARE)."""

import pytest
from django.db import connection
from django.utils import timezone

from enterprises.models import Enterprise, RiskGrade
from inspections.inspection.models import Inspection, InspectionKind
from inspections.planning import done_summary as summary
from tests.concurrency import in_turn

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]


@pytest.fixture
def writers(world, inspector):
    x = world.enterprise_x

    def record():
        Inspection.objects.create(enterprise=x, date=timezone.localdate(), created_by=inspector)

    record()  # one already there, for the update

    def regrade():
        Enterprise.objects.filter(pk=x.pk).update(grade=RiskGrade.RED)

    def move():
        Enterprise.objects.filter(pk=x.pk).update(town=world.town2)

    def change_kind():
        Inspection.objects.filter(enterprise=x).update(kind=InspectionKind.RANDOM)

    return {"record": record, "regrade": regrade, "move": move, "change_kind": change_kind}


@pytest.mark.parametrize(
    "first, second",
    [
        ("regrade", "record"),
        ("record", "regrade"),
        ("move", "change_kind"),
        ("change_kind", "move"),
    ],
)
def test_an_inspection_written_while_its_enterprise_changes_counts_where_the_enterprise_ends(writers, first, second):
    waited = in_turn(writers[first], writers[second])

    assert waited  # the two met: the second waited for the first's commit
    assert summary.drift() == {}
