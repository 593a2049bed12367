"""The hazard list's summary rows (HazardCount, hazards/summary.py) equal a fresh count after every kind of write to
the hazards and to their enterprises' towns, and the check notices when one writer's update is missing."""

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from grids.services import grid_cell_save
from hazards import summary
from hazards.count_models import HazardCount
from hazards.listing import listing_accept, listing_create
from hazards.models import MAJOR_PLAN_FIELDS, Hazard
from hazards.services import hazard_report, hazard_transition
from inspections.inspection.services import inspection_add_finding, inspection_record
from tests.factories import make_hazard, make_image
from tests.summaries import drop_trigger

PLAN = dict.fromkeys(MAJOR_PLAN_FIELDS, "按方案治理")


def fields(enterprise, **extra):
    today = timezone.localdate()
    return {
        "enterprise": enterprise,
        "found_on": today - timedelta(days=3),
        "location": "喷涂车间",
        "description": "通风设施损坏",
        "category": "site",
        "subcategory": "equipment",
        "rectification_deadline": today + timedelta(days=10),
        "responsible_person": "王建国",
        **extra,
    }


def move(w, hazard, action, actor, **extra):
    hazard.refresh_from_db()
    return hazard_transition(hazard=hazard, action=action, actor=actor, version=hazard.version, note="已处理", **extra)


def report(w):
    hazard_report(hazard=Hazard(**fields(w.enterprise_x)), actor=w.ent_x)


def start(w):
    move(w, w.reported, "start", w.ent_x)


def rectify(w):
    move(w, w.rectifying, "rectify", w.ent_x, photos=[make_image()])


def close(w):  # 验收销号
    move(w, w.rectified, "close", w.inspector)


def send_back(w):  # reopened: 退回整改
    move(w, w.rectified, "send_back", w.inspector)


def accept_a_listing(w):  # the listed major hazard closes by the bureau's acceptance
    listing = listing_create(
        hazard=w.major,
        actor=w.staff,
        level="city",
        leader_name="林志远",
        leader_post="副局长",
        deadline=timezone.localdate() + timedelta(days=30),
    )
    listing_accept(listing=listing, actor=w.staff, opinion="验收合格", photos=[make_image()])


def inspection_finding(w):  # another app's service creates a hazard (source 执法检查)
    inspection = inspection_record(
        enterprise=w.enterprise_y, date=timezone.localdate(), inspectors=[w.inspector, w.inspector2], actor=w.inspector
    )
    inspection_add_finding(
        inspection=inspection,
        actor=w.inspector,
        location="配电房",
        description="电缆老化",
        rectification_deadline=timezone.localdate() + timedelta(days=7),
        responsible_person="李明",
    )


def bulk_insert(w):  # as the demo seed loads hazards
    Hazard.objects.bulk_create(
        [Hazard(**fields(e, reported_by=w.staff, source="report")) for e in (w.enterprise_x, w.enterprise_y) * 3]
    )


def update_in_bulk(w):  # .update(): no signal, no save()
    Hazard.objects.filter(enterprise=w.enterprise_x).update(level="major", source="expert")


def delete(w):
    Hazard.objects.filter(pk=w.reported.pk).delete()


def raw_sql(w):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE hazards_hazard SET status = %s, level = %s", ["closed", "major"])


def rolled_back(w):
    with pytest.raises(RuntimeError), transaction.atomic():
        start(w)
        raise RuntimeError


def enterprise_moves_town(w):  # the hazards' counts follow their enterprise to town 2
    x = w.enterprise_x
    x.grid_cell = w.village_b
    enterprise_save(enterprise=x, actor=w.staff)


def cell_moves_town(w):  # grids' UPDATE of the paths, then enterprises' UPDATE of the towns
    w.cell_a.parent = w.town2
    grid_cell_save(cell=w.cell_a, actor=w.admin)


def enterprise_loses_its_town(w):  # moved to a cell above town level: town 0
    Enterprise.objects.filter(pk=w.enterprise_x.pk).update(town=None)


def hazard_moves_enterprise(w):
    Hazard.objects.filter(pk=w.reported.pk).update(enterprise=w.enterprise_y)


def enterprise_deleted_before_its_hazards(w):  # the foreign keys are deferred: the order is the writer's
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM enterprises_enterprise WHERE id = %s", [w.enterprise_y.pk])
        # Its two hazards now count under town 0 (their enterprise is gone), no longer under its town.
        assert sum(n for (town, *_), n in summary.kept_counts().items() if town == 0) == 2
        cursor.execute("DELETE FROM hazards_hazard WHERE enterprise_id = %s", [w.enterprise_y.pk])


WRITERS = [
    report,
    start,
    rectify,
    close,
    send_back,
    accept_a_listing,
    inspection_finding,
    bulk_insert,
    update_in_bulk,
    delete,
    raw_sql,
    rolled_back,
    enterprise_moves_town,
    cell_moves_town,
    enterprise_loses_its_town,
    hazard_moves_enterprise,
    enterprise_deleted_before_its_hazards,
]


@pytest.fixture
def w(world, bureau_admin, staff, inspector, inspector2, enterprise_user_x):
    world.admin, world.staff, world.inspector, world.inspector2 = bureau_admin, staff, inspector, inspector2
    world.ent_x = enterprise_user_x
    x, y = world.enterprise_x, world.enterprise_y
    world.reported = make_hazard(enterprise=x, reported_by=staff)
    world.rectifying = make_hazard(enterprise=x, reported_by=staff, status="rectifying")
    world.rectified = make_hazard(enterprise=x, reported_by=staff, status="rectified", source="inspection")
    world.major = make_hazard(enterprise=x, reported_by=staff, level="major", status="rectified", **PLAN)
    make_hazard(enterprise=y, reported_by=staff, status="closed", source="expert")
    make_hazard(enterprise=y, reported_by=staff)
    assert summary.kept_counts() == summary.fresh_counts() != {}  # the fixtures' own inserts were counted
    return world


@pytest.mark.parametrize("writer", WRITERS, ids=lambda f: f.__name__)
def test_after_every_kind_of_write_the_summary_rows_equal_a_fresh_count(w, writer):
    before = summary.fresh_counts()

    writer(w)

    assert summary.drift() == {}
    if writer is not rolled_back:
        assert summary.fresh_counts() != before  # the writer did change what the rows count


@pytest.mark.parametrize(
    "trigger, table, writer",
    [
        ("hazards_count_update", "hazards_hazard", start),
        ("hazards_count_town_update", "enterprises_enterprise", enterprise_moves_town),
    ],
)
def test_a_writer_the_rows_miss_is_detected(w, trigger, table, writer):
    """The check is not vacuous: with one trigger gone (as if that writer forgot its count), the write leaves the rows
    behind and drift() names the keys; `rebuild_summaries --check` fails, and `rebuild_summaries` puts the trigger
    back and the counts right."""
    drop_trigger(trigger, table)

    writer(w)

    drift = summary.drift()
    assert drift and all(kept != fresh for kept, fresh in drift.values())
    with pytest.raises(CommandError):
        call_command("rebuild_summaries", "--check", stdout=io.StringIO())
    call_command("rebuild_summaries", stdout=io.StringIO())
    assert summary.drift() == {}
    send_back(w)  # the triggers are back
    enterprise_moves_town(w)
    assert summary.drift() == {}


def test_the_hazard_list_reads_its_status_counts_from_the_rows(client, w, grid_officer_a):
    """Tamper with the rows: the bureau's list (filtered only by what the rows are keyed by) shows the tampered
    figures, while a filter the rows do not answer and a grid officer's list count the hazards; the overdue count is
    counted either way."""
    HazardCount.objects.filter(n__gt=0).update(n=7)
    rows = HazardCount.objects.filter(n=7).count()
    Hazard.objects.filter(pk=w.reported.pk).update(rectification_deadline=timezone.localdate() - timedelta(days=1))
    client.force_login(w.staff)

    whole = client.get(reverse("hazards:list"))
    assert f'data-total="{7 * rows}"' in whole.content.decode() and whole.context["overdue_count"] == 1
    town = client.get(reverse("hazards:list"), {"town": w.town1.code, "status": "reported", "open": "1"})
    assert town.context["total"] == 7 and town.context["overdue_count"] == 1
    town2 = client.get(reverse("hazards:list"), {"town": w.town2.code, "level": "major", "source": "self_check"})
    assert town2.context["total"] == 0  # no row for that key
    searched = client.get(reverse("hazards:list"), {"enterprise": "企业X"})
    assert searched.context["total"] == 4
    client.force_login(grid_officer_a)
    assert client.get(reverse("hazards:list")).context["total"] == 4


def test_the_command_rebuilds_the_rows(w):
    HazardCount.objects.all().delete()
    assert summary.drift()

    call_command("rebuild_summaries", stdout=io.StringIO())

    assert summary.drift() == {} and summary.kept_counts() == summary.fresh_counts()


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_with_hazards(world, staff):
    make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    assert summary.drift() == {} and summary.kept_counts()


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_no_count_is_left_behind():
    """The flush empties the summary rows after the hazards and enterprises (tests/conftest.py)."""
    assert not HazardCount.objects.exclude(n=0).exists()
