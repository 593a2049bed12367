"""The caches under a version that writes replace (the registry list's body, the kept figures) with pages read from
a replica (bureau/cache_versions.py): a replica that has not replayed a write yet serves its old data for a moment,
but that data is never kept under the version the write made. The replica is the test mirror of default
(tests/bureau/conftest.py), held behind by one snapshot (tests/replica.py)."""

from types import SimpleNamespace

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau import cache_versions
from bureau.db_router import REPLICA, replica_reads
from bureau.figures import Period, kept_values
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from grids.models import GridCell
from tests.factories import make_credit_code, make_enterprise
from tests.replica import PIN_SECONDS, replica_behind
from tests.totals import figure_values

pytestmark = [
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
    pytest.mark.usefixtures("replica_alias"),
]

LIST = reverse("enterprises:list")
NEW = "新登记的鞋厂"


@pytest.fixture
def clock(monkeypatch):
    """The time versions are made and aged by, standing still unless a test moves it: no test depends on how fast
    the machine runs."""
    clock = SimpleNamespace(now=1_800_000_000.0)
    monkeypatch.setattr(cache_versions, "time", SimpleNamespace(time=lambda: clock.now))
    return clock


def registry_reads(client):
    """The list page's HTML and how many of its queries read the enterprise table, on either connection."""
    with (
        CaptureQueriesContext(connections[REPLICA]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        response = client.get(LIST)
    assert response.status_code == 200
    queries = on_replica.captured_queries + on_primary.captured_queries
    return response.content.decode(), sum(Enterprise._meta.db_table in q["sql"] for q in queries)


def register(world, staff):
    """Another browser's write (this client is not pinned to the primary by it), committed."""
    enterprise = Enterprise(name=NEW, credit_code=make_credit_code(), grid_cell=world.village_a)
    enterprise_save(enterprise=enterprise, actor=staff)


# ------------------------------------------------------------------------------------------- the registry list


def test_a_list_read_from_a_replica_behind_a_write_is_not_kept_under_its_version(replica, client, world, staff, clock):
    client.force_login(staff)
    clock.now += PIN_SECONDS  # the version the first request makes is old enough: its list is kept
    registry_reads(client)
    assert registry_reads(client)[1] == 0

    with replica_behind():
        register(world, staff)  # a new version, made now
        page, reads = registry_reads(client)
        assert NEW not in page and reads >= 2  # read afresh, from the replica: without the write

    page, reads = registry_reads(client)  # the replica has replayed it
    assert NEW in page and reads >= 2


def test_once_the_version_is_older_than_the_pin_a_list_read_from_the_replica_is_kept(
    replica, client, world, staff, clock
):
    client.force_login(staff)
    register(world, staff)
    registry_reads(client)
    assert registry_reads(client)[1] >= 2  # still young: read afresh again

    clock.now += PIN_SECONDS
    registry_reads(client)

    page, reads = registry_reads(client)
    assert NEW in page and reads == 0


def test_without_the_router_a_list_built_just_after_a_write_is_kept(client, world, staff, clock):
    """The `replica` alias exists in this module but no router sends reads to it: as without DATABASE_REPLICA_URL."""
    client.force_login(staff)
    register(world, staff)

    page, reads = registry_reads(client)
    assert NEW in page and reads >= 2
    assert registry_reads(client)[1] == 0


# ------------------------------------------------------------------------------------------------- kept figures


def home_cards(client):
    return figure_values(client.get(reverse("home")))


def test_figures_counted_on_a_replica_behind_a_write_are_not_kept_under_its_version(
    replica, client, world, staff, clock
):
    client.force_login(staff)
    clock.now += PIN_SECONDS
    registered = home_cards(client)["enterprises.registered"]

    with replica_behind():
        make_enterprise(grid_cell=world.village_a)
        assert home_cards(client)["enterprises.registered"] == registered  # the replica's count, without it

    assert home_cards(client)["enterprises.registered"] == registered + 1


def cells_kept(scope):
    """kept_values over the grid cells; returns the value and whether it was counted (not read from the cache)."""
    counted = []

    def count():
        counted.append(True)
        return GridCell.objects.count()

    return kept_values(scope, Period(None, None), ["cells"], count), bool(counted)


def test_figures_counted_on_the_primary_are_kept_at_once(replica, world, clock):
    """A pinned browser, a POST, a task: they read the primary, which has every commit; their values fill the cache
    for the replica's readers too, however young the version."""
    cells = GridCell.objects.count()
    make_enterprise(grid_cell=world.village_a)  # a new figures version, made now

    with replica_reads(allowed=False):
        assert cells_kept("staff") == (cells, True)
    with replica_reads():
        assert cells_kept("staff") == (cells, False)


def test_a_version_made_before_versions_carried_their_time_counts_as_old(clock):
    """After the upgrade, the version left in Redis is a bare uuid: as old as it is, a replica's read keeps again."""
    assert cache_versions.age("0123456789abcdef0123456789abcdef") == float("inf")
    assert cache_versions.age(f"{clock.now - 2:.6f}-0123456789abcdef") == 2
