"""The major hazards' rows by day found and day closed (MajorHazardDayCount, hazards/trend_summary.py) equal a fresh
count after every kind of write to the hazards, the check notices when a writer's update is missing, the trend summed
from them equals each figure counted over the hazards for any mix of days (closings at either side of midnight, a day
found corrected to after the closing), and the board reads its trend from them for the bureau only."""

import io
import random
import re
from datetime import datetime, time, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from bureau.figures import REGISTRY
from hazards import trend_summary
from hazards.count_models import MajorHazardDayCount
from hazards.listing_board import TREND, TREND_OF_ROWS, months
from hazards.models import Hazard
from tests.factories import make_hazard
from tests.hazards.test_major_summary import found_on_corrected, report_a_major_hazard
from tests.hazards.test_summary import PLAN, WRITERS, rolled_back
from tests.hazards.test_summary import w as w  # the same hazards and people: the fixture, imported to be used here
from tests.summaries import drop_trigger


def local(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def closed_just_after_midnight(w):  # 00:10 in Beijing is the day before in UTC: the row is the local day's
    Hazard.objects.filter(pk=w.major.pk).update(status="closed", closed_at=local(timezone.localdate(), 0, 10))


def closed_just_before_midnight(w):
    Hazard.objects.filter(pk=w.major.pk).update(
        status="closed", closed_at=local(timezone.localdate() - timedelta(days=1), 23, 50)
    )


def found_on_corrected_after_its_closing(w):  # a data fix: closed before the day it now says it was found
    today = timezone.localdate()
    Hazard.objects.filter(pk=w.major.pk).update(status="closed", closed_at=local(today - timedelta(days=20), 9))
    Hazard.objects.filter(pk=w.major.pk).update(found_on=today - timedelta(days=10))


def reopened(w):  # a closing undone by hand: its closed row goes
    closed_just_after_midnight(w)
    Hazard.objects.filter(pk=w.major.pk).update(status="rectifying", closed_at=None)


def made_general(w):  # a level corrected: the hazard leaves every row
    Hazard.objects.filter(pk=w.major.pk).update(level="general")


OWN = [
    report_a_major_hazard,
    found_on_corrected,
    closed_just_after_midnight,
    closed_just_before_midnight,
    found_on_corrected_after_its_closing,
    reopened,
    made_general,
]
# Writers that change no major hazard's level, day found or closing: the rows must agree, but need not change.
UNCHANGED = {
    "report",
    "start",
    "rectify",
    "close",
    "send_back",
    "inspection_finding",
    "bulk_insert",
    "delete",
    "enterprise_moves_town",
    "cell_moves_town",
    "enterprise_loses_its_town",
    "hazard_moves_enterprise",
    "enterprise_deleted_before_its_hazards",
    "reopened",  # closed then reopened: back where it started
}


@pytest.mark.parametrize("writer", [*WRITERS, *OWN], ids=lambda f: f.__name__)
def test_after_every_kind_of_write_the_rows_equal_a_fresh_count(w, writer):
    assert trend_summary.kept_counts() == trend_summary.fresh_counts() != {}
    before = trend_summary.fresh_counts()

    writer(w)

    assert trend_summary.drift() == {}
    if writer is not rolled_back and writer.__name__ not in UNCHANGED:
        assert trend_summary.fresh_counts() != before  # the writer did change what the rows count


def test_a_closing_counts_on_its_day_in_the_portals_time_zone(w):
    closed_just_after_midnight(w)
    today = timezone.localdate()
    assert MajorHazardDayCount.objects.filter(event="closed", day=today, n=1).exists()
    assert not MajorHazardDayCount.objects.filter(event="closed", day=today - timedelta(days=1)).exclude(n=0).exists()


@pytest.mark.parametrize("writer", [found_on_corrected, closed_just_after_midnight, made_general])
def test_a_writer_the_rows_miss_is_detected(w, writer):
    """With the trigger gone the write leaves the rows behind: drift() names the keys, `rebuild_summaries --check`
    fails, and `rebuild_summaries` puts the trigger back and the rows right."""
    drop_trigger("hazards_major_days_update", "hazards_hazard")

    writer(w)

    drift = trend_summary.drift()
    assert drift and all(kept != fresh for kept, fresh in drift.values())
    with pytest.raises(CommandError, match="重大隐患按日汇总"):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert trend_summary.drift() == {}
    Hazard.objects.filter(level="major").update(found_on=timezone.localdate() - timedelta(days=40))
    assert trend_summary.drift() == {}  # the trigger is back


def test_the_command_rebuilds_the_rows(w):
    MajorHazardDayCount.objects.all().delete()
    assert trend_summary.drift()

    call_command("rebuild_summaries", stdout=io.StringIO())

    assert trend_summary.drift() == {}


def counted(periods):
    """The trend's figures counted over the hazards by their own definitions (the registry's conditions)."""
    aggregates = {
        f"{key}:{i}": Count("pk", filter=REGISTRY[key].where(period))
        for i, period in enumerate(periods)
        for key in TREND
    }
    return Hazard.objects.order_by().aggregate(**aggregates)


@pytest.mark.parametrize("seed", range(4))
def test_the_trend_summed_from_the_rows_equals_each_figure_counted(world, staff, seed):
    """Major hazards found over 15 months and closed 0–60 days later at any hour (midnight's both sides among
    them), some never closed, some with a day found after their closing, general ones around them: each month's
    found, closed and open at its end, from the rows, equals the figure counted over the hazards."""
    rng = random.Random(seed)
    today = timezone.localdate()
    for _ in range(60):
        found_on = today - timedelta(days=rng.randrange(0, 460))
        fields = {"found_on": found_on, "level": rng.choice(["major", "major", "major", "general"])}
        if rng.random() < 0.7:
            closed_on = min(found_on + timedelta(days=rng.randrange(0, 60)), today)
            hour, minute = rng.choice([(0, 0), (0, 5), (7, 30), (12, 0), (23, 55), (23, 59)])
            fields.update(status="closed", closed_at=local(closed_on, hour, minute))
            if rng.random() < 0.15:
                fields["found_on"] = closed_on + timedelta(days=rng.randrange(1, 30))
        enterprise = rng.choice([world.enterprise_x, world.enterprise_y])
        make_hazard(enterprise=enterprise, reported_by=staff, **PLAN, **fields)
    assert Hazard.objects.filter(level="major", closed_at__isnull=False).exists()

    periods = months(today)
    assert trend_summary.trend_values(periods, *TREND_OF_ROWS) == counted(periods)
    assert trend_summary.drift() == {}


FIGURE = re.compile(r'data-figure="(major_hazards\.(?:open_at_end|found|closed))" data-value="(\d+)"')


def test_the_board_reads_its_trend_from_the_rows_for_the_bureau(client, w, grid_officer_a):
    """Tamper with the rows: the bureau's trend shows the tampered sums, while a grid officer's, whose scope the rows
    do not know, counts the hazards."""
    this_month = months(timezone.localdate())[-1]
    MajorHazardDayCount.objects.all().delete()
    for event, n in (("found", 9), ("closed", 4)):
        MajorHazardDayCount.objects.create(event=event, day=this_month.start, settled_on=this_month.start, n=n)

    client.force_login(w.staff)
    board = client.get(reverse("major_hazards:board"))
    last = board.context["trend"][-1]
    assert [shown.value for shown in last.cells] == [5, 9, 4]  # open at the end: found 9, less 4 found and closed
    assert [shown.value for shown in board.context["trend"][0].cells] == [0, 0, 0]
    assert ("major_hazards.found", "9") in FIGURE.findall(board.content.decode())

    client.force_login(grid_officer_a)
    board = client.get(reverse("major_hazards:board"))
    open_at_end, found, closed = board.context["trend"][-1].cells
    assert (open_at_end.value, closed.value) == (1, 0) and found.value != 9  # enterprise X's one, counted
