"""Two writers in two transactions at once, the second started while the first holds its locks (the summary rows'
race tests: hazards, the plan's inspections)."""

import threading
import time

from django.db import connection, connections, transaction


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


def in_turn(first, second):
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
