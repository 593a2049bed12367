"""The due list's summary rows (LastInspectedCount, enterprises/due_summary.py) equal a fresh count after every kind
of write to the enterprises, the check notices a writer the rows miss, and the due list reads its counts by town from
them where they answer it exactly (the same figures as counting the enterprises)."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from enterprises import due_summary
from enterprises.due import _count_by_town
from enterprises.models import Enterprise, InspectionInterval, LastInspectedCount, RiskGrade
from tests.enterprises.test_summary import WRITERS, change_grade, record_an_inspection
from tests.summaries import drop_trigger

TODAY = timezone.localdate()


@pytest.fixture
def w(world, bureau_admin, staff, inspector, inspector2):
    world.admin, world.staff, world.inspector, world.inspector2 = bureau_admin, staff, inspector, inspector2
    assert due_summary.kept_counts() == due_summary.fresh_counts() != {}  # the fixtures' own inserts were counted
    return world


@pytest.mark.parametrize("writer", WRITERS, ids=lambda f: f.__name__)
def test_after_every_kind_of_write_the_rows_equal_a_fresh_count(w, writer):
    writer(w)

    assert due_summary.drift() == {}


def test_an_inspection_moves_its_enterprise_to_the_day(w):
    before = due_summary.fresh_counts()

    record_an_inspection(w)

    assert due_summary.drift() == {} and due_summary.fresh_counts() != before
    assert LastInspectedCount.objects.filter(last_inspected_on=TODAY, n=1).exists()


def test_a_writer_the_rows_miss_is_detected(w):
    """Not vacuous: with the update trigger gone, an inspection leaves the rows behind, drift() names both days and
    `rebuild_summaries --check` fails; `rebuild_summaries` puts the trigger back and the rows right."""
    drop_trigger("enterprises_inspected_update", "enterprises_enterprise")

    record_an_inspection(w)

    drift = due_summary.drift()
    assert sorted(drift.values()) == [(0, 1), (1, 0)]
    with pytest.raises(CommandError):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert due_summary.drift() == {}
    change_grade(w)  # the trigger is back
    assert due_summary.drift() == {}


def _due(w):
    """enterprise_x red and inspected 40 days ago (due), enterprise_y green and inspected today (not due)."""
    Enterprise.objects.filter(pk=w.enterprise_x.pk).update(grade=RiskGrade.RED, last_inspected_on=TODAY - timedelta(40))
    Enterprise.objects.filter(pk=w.enterprise_y.pk).update(grade=RiskGrade.GREEN, last_inspected_on=TODAY)


@pytest.mark.parametrize(
    "query", [{}, {"grade": "red"}, {"grade": "green"}, {"grade": "none"}, {"in_registry": "1"}, {"town": "town1"}]
)
def test_the_rows_give_the_counts_by_town_that_counting_gives(w, query):
    _due(w)
    Enterprise.objects.create(name="从未检查的企业", credit_code="91330381MA2CNEVER1", grid_cell=w.village_b)
    filters = dict(query)
    if "town" in filters:
        filters["town"] = w.town1
    narrowed = Enterprise.objects.all()
    if town := filters.get("town"):
        narrowed = narrowed.filter(town=town)
    if grade := filters.get("grade"):
        narrowed = narrowed.filter(grade="" if grade == "none" else grade)
    days = InspectionInterval.days_by_grade()

    assert due_summary.due_counts(filters, TODAY, days) == _count_by_town(narrowed, TODAY, days)


def test_the_due_list_reads_its_counts_from_the_rows(client, w):
    """Tamper with the rows: the bureau's list (unfiltered, or by town and grade) shows the tampered counts; a filter
    the rows do not answer counts the enterprises."""
    _due(w)
    LastInspectedCount.objects.filter(grade=RiskGrade.RED).update(n=7)
    client.force_login(w.staff)

    by_town = client.get(reverse("enterprises:due")).context["by_town"]
    assert [(row["town__name"], row["n"]) for row in by_town] == [("仙降街道", 7)]
    counted = client.get(reverse("enterprises:due"), {"q": "企业X"}).context["by_town"]
    assert [(row["town__name"], row["n"]) for row in counted] == [("仙降街道", 1)]
