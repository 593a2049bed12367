"""The open hazards' summary rows by (town, rectification deadline) (HazardDeadlineCount, hazards/deadline_summary.py)
equal a fresh count after every kind of write to the hazards and to their enterprises' towns, the check notices
when one writer's update is missing, and a town's page reads its open and overdue hazards from them."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils import timezone

from hazards import deadline_summary
from hazards.count_models import HazardDeadlineCount
from hazards.models import DeadlineExtension, Hazard
from hazards.panels import grid_panel
from hazards.permissions import visible_hazards
from hazards.services import hazard_decide_extension, hazard_request_extension
from tests.hazards.test_summary import WRITERS, close, enterprise_moves_town, rolled_back
from tests.hazards.test_summary import w as w  # the same hazards and people: the fixture, imported to be used here
from tests.summaries import drop_trigger


def extend_the_deadline(w):  # an approved extension moves an open hazard to a later deadline's row
    hazard_request_extension(
        hazard=w.reported,
        actor=w.ent_x,
        requested_deadline=w.reported.rectification_deadline + timedelta(days=20),
        reason="设备到货延迟",
    )
    extension = DeadlineExtension.objects.get(hazard=w.reported)
    hazard_decide_extension(extension=extension, actor=w.inspector, approve=True)


def deadline_in_bulk(w):  # .update() of the deadlines, as a data fix would
    Hazard.objects.update(rectification_deadline=timezone.localdate() - timedelta(days=2))


# Writers that change no open hazard's town or deadline (a status among the open ones, a level, a source): the rows
# must still agree, but need not change.
UNCHANGED = {"start", "rectify", "send_back", "update_in_bulk"}


@pytest.mark.parametrize("writer", [*WRITERS, extend_the_deadline, deadline_in_bulk], ids=lambda f: f.__name__)
def test_after_every_kind_of_write_the_rows_equal_a_fresh_count(w, writer):
    assert deadline_summary.kept_counts() == deadline_summary.fresh_counts() != {}
    before = deadline_summary.fresh_counts()

    writer(w)

    assert deadline_summary.drift() == {}
    if writer is not rolled_back and writer.__name__ not in UNCHANGED:
        assert deadline_summary.fresh_counts() != before  # the writer did change what the rows count


@pytest.mark.parametrize(
    "trigger, table, writer",
    [
        ("hazards_deadline_update", "hazards_hazard", close),
        ("hazards_deadline_town_update", "enterprises_enterprise", enterprise_moves_town),
    ],
)
def test_a_writer_the_rows_miss_is_detected(w, trigger, table, writer):
    """With one trigger gone the write leaves the rows behind: drift() names the keys, `rebuild_summaries --check`
    fails, and `rebuild_summaries` puts the trigger back and the rows right."""
    drop_trigger(trigger, table)

    writer(w)

    drift = deadline_summary.drift()
    assert drift and all(kept != fresh for kept, fresh in drift.values())
    with pytest.raises(CommandError, match="未销号隐患整改期限汇总"):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert deadline_summary.drift() == {}
    extend_the_deadline(w)  # the triggers are back
    Hazard.objects.filter(pk=w.rectifying.pk).update(status="closed")
    if writer is close:
        enterprise_moves_town(w)
    assert deadline_summary.drift() == {}


def test_the_command_rebuilds_the_rows(w):
    HazardDeadlineCount.objects.all().delete()
    assert deadline_summary.drift()

    call_command("rebuild_summaries", stdout=io.StringIO())

    assert deadline_summary.drift() == {}


def test_a_towns_page_reads_its_open_and_overdue_hazards_from_the_rows(w, grid_officer_a):
    """Tamper with the town's rows: the bureau's town page shows the tampered sums (the overdue one over the deadlines
    before today only); a grid officer's, whose scope the rows do not know, counts the hazards."""
    today = timezone.localdate()
    HazardDeadlineCount.objects.filter(town_key=w.town1.pk).delete()
    for days, n in ((-30, 2), (-1, 3), (0, 5), (7, 11)):
        HazardDeadlineCount.objects.create(town_key=w.town1.pk, rectification_deadline=today + timedelta(days), n=n)
    request = RequestFactory().get("/")

    request.user = w.staff
    panel = grid_panel(request, w.town1)
    assert (panel["open"].value, panel["overdue_figure"].value) == (21, 5)

    request.user = grid_officer_a
    seen = visible_hazards(grid_officer_a).filter(enterprise__town=w.town1)
    panel = grid_panel(request, w.town1)
    assert (panel["open"].value, panel["overdue_figure"].value) == (seen.open().count(), seen.overdue().count())
    assert panel["open"].value != 21
