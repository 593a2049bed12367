"""A hazard written while its enterprise moves town, in two transactions at once: whichever goes first, the hazard
counts under the town the enterprise ends in (hazards/summary.py locks the hazards' enterprises FOR SHARE), in each of
the hazards' summaries."""

import threading
import time

import pytest
from django.db import connection, connections, transaction

from enterprises.models import Enterprise
from hazards import deadline_summary, major_summary, summary
from hazards.models import Hazard
from tests.factories import make_hazard
from tests.hazards.test_summary import PLAN

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"),
]


def _waiting_on_a_lock(pid):
    """Whether the backend `pid` waits on a lock; polled up to 10 s (not a timing assert: only how long to look)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [pid])
            row = cursor.fetchone()
        if row and row[0] == "Lock":
            return True
        time.sleep(0.05)
    return False


def _in_turn(first, second):
    """`first` writes and holds its transaction open until `second`, started meanwhile in another, waits on a lock
    (or is done); then `first` commits. Returns whether `second` had to wait."""
    first_wrote, second_started, may_commit = threading.Event(), threading.Event(), threading.Event()
    pids, errors = {}, []

    def run(name, write, before, after):
        try:
            if before:
                before.wait(10)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_backend_pid()")
                    pids[name] = cursor.fetchone()[0]
                if name == "second":
                    after.set()  # before its write, which may wait: the test looks for that wait
                write()
                if name == "first":
                    after.set()  # after its write: the second starts only once the first holds its locks
                    may_commit.wait(15)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            after.set()
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=("first", first, None, first_wrote)),
        threading.Thread(target=run, args=("second", second, first_wrote, second_started)),
    ]
    threads[0].start()
    first_wrote.wait(10)
    threads[1].start()
    second_started.wait(10)
    waited = _waiting_on_a_lock(pids.get("second"))
    may_commit.set()
    for thread in threads:
        thread.join(30)
    assert not errors, errors
    return waited


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
    waited = _in_turn(moving[first], moving[second])

    assert waited  # the two met: the second waited for the first's commit
    assert summary.drift() == {} and deadline_summary.drift() == {} and major_summary.drift() == {}
