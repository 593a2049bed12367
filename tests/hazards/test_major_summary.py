"""The open major hazards' summary rows by (town, industry, day found) (MajorHazardCount, hazards/major_summary.py)
equal a fresh count after every kind of write to the hazards and to their enterprises' towns and industries, the
check notices when one writer's update is missing, and the major hazards board reads its tables from them for the
bureau only."""

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise, Industry
from enterprises.services import enterprise_save
from hazards import major_summary
from hazards.count_models import MajorHazardCount
from hazards.models import Hazard
from hazards.services import hazard_report
from tests.hazards.test_summary import PLAN, WRITERS, enterprise_moves_town, fields, rolled_back
from tests.hazards.test_summary import w as w  # the same hazards and people: the fixture, imported to be used here
from tests.summaries import drop_trigger


def report_a_major_hazard(w):
    hazard_report(hazard=Hazard(**fields(w.enterprise_y, level="major", **PLAN)), actor=w.staff)


def enterprise_changes_industry(w):  # its open major hazards move to the new industry's rows
    x = w.enterprise_x
    x.industry = Industry.CHEMICALS if x.industry != Industry.CHEMICALS else Industry.SHOES
    enterprise_save(enterprise=x, actor=w.staff)


def found_on_corrected(w):  # .update() of the day found, as a data fix would
    Hazard.objects.filter(pk=w.major.pk).update(found_on=timezone.localdate() - timedelta(days=100))


# Writers that change no open major hazard's town, industry or day found (general hazards, a status among the open
# ones): the rows must still agree, but need not change.
UNCHANGED = {
    "report",
    "start",
    "rectify",
    "close",
    "send_back",
    "inspection_finding",
    "bulk_insert",
    "delete",
    "hazard_moves_enterprise",
    "enterprise_deleted_before_its_hazards",
}


@pytest.mark.parametrize(
    "writer",
    [*WRITERS, report_a_major_hazard, enterprise_changes_industry, found_on_corrected],
    ids=lambda f: f.__name__,
)
def test_after_every_kind_of_write_the_rows_equal_a_fresh_count(w, writer):
    assert major_summary.kept_counts() == major_summary.fresh_counts() != {}
    before = major_summary.fresh_counts()

    writer(w)

    assert major_summary.drift() == {}
    if writer is not rolled_back and writer.__name__ not in UNCHANGED:
        assert major_summary.fresh_counts() != before  # the writer did change what the rows count


@pytest.mark.parametrize(
    "trigger, table, writer",
    [
        ("hazards_major_update", "hazards_hazard", found_on_corrected),
        ("hazards_major_town_update", "enterprises_enterprise", enterprise_changes_industry),
        ("hazards_major_town_update", "enterprises_enterprise", enterprise_moves_town),
    ],
)
def test_a_writer_the_rows_miss_is_detected(w, trigger, table, writer):
    """With one trigger gone the write leaves the rows behind: drift() names the keys, `rebuild_summaries --check`
    fails, and `rebuild_summaries` puts the trigger back and the rows right."""
    drop_trigger(trigger, table)

    writer(w)

    drift = major_summary.drift()
    assert drift and all(kept != fresh for kept, fresh in drift.values())
    with pytest.raises(CommandError, match="未销号重大隐患汇总"):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert major_summary.drift() == {}
    found_on_corrected(w)  # the triggers are back
    enterprise_changes_industry(w)
    assert major_summary.drift() == {}


def test_the_command_rebuilds_the_rows(w):
    MajorHazardCount.objects.all().delete()
    assert major_summary.drift()

    call_command("rebuild_summaries", stdout=io.StringIO())

    assert major_summary.drift() == {}


OPEN = re.compile(r'data-figure="major_hazards.open" data-value="(\d+)"')


def test_the_board_reads_its_tables_from_the_rows_for_the_bureau(client, w, grid_officer_a):
    """Tamper with the rows: the bureau's board shows the tampered sums (its totals are the tables' sums), while a
    grid officer's, whose scope the rows do not know, counts the hazards."""
    x = Enterprise.objects.get(pk=w.enterprise_x.pk)
    MajorHazardCount.objects.all().delete()
    for days, n in ((5, 2), (45, 3), (200, 7)):
        MajorHazardCount.objects.create(
            town_key=x.town_id, industry=x.industry, found_on=timezone.localdate() - timedelta(days), n=n
        )

    client.force_login(w.staff)
    board = client.get(reverse("major_hazards:board"))
    by_town, by_industry = board.context["tables"][0][1], board.context["tables"][1][1]
    assert [[cell.value for cell in row.cells] for row in by_town] == [[12, 0, 12, 2, 3, 7]]
    assert [cell.value for cell in by_industry[0].cells] == [12, 0, 12, 2, 3, 7]
    assert [shown.value for shown in board.context["totals"]] == [12, 0, 12, 2, 3, 7]
    assert OPEN.findall(board.content.decode())[0] == "12"

    client.force_login(grid_officer_a)
    board = client.get(reverse("major_hazards:board"))
    assert [shown.value for shown in board.context["totals"]][0] == 1  # enterprise X's one open major hazard
