"""The test replica (the `replica` alias of tests/bureau/conftest.py, a mirror of default) behind the primary."""

import contextlib

from django.db import connections, transaction

from bureau.db_router import REPLICA

PIN_SECONDS = 5
MIDDLEWARE = "bureau.db_router.ReadYourWritesMiddleware"


@contextlib.contextmanager
def replica_behind():
    """Within the block the replica has not replayed what the primary commits: its connection reads one snapshot,
    taken on entry (a REPEATABLE READ transaction), as a streaming replica does until it replays a commit. On exit
    it has caught up. The reads are PostgreSQL's own, through the connection the router picks."""
    with transaction.atomic(using=REPLICA), connections[REPLICA].cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT 1")  # the snapshot is taken by the transaction's first statement
        yield
