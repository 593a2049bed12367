"""Reads on a replica (bureau/db_router.py) without a real replica: the `replica` alias is added, for the modules
that ask for it, as settings make it from DATABASE_REPLICA_URL in a test run: a TEST MIRROR of default (a second
connection to the test database). Which connection ran a query tells where the router sent it."""

import pytest
from django.db import connections

from bureau.db_router import REPLICA
from tests.replica import MIDDLEWARE, PIN_SECONDS


@pytest.fixture(scope="module")
def replica_alias(django_db_setup):
    """The `replica` alias, for one module: `pytestmark = pytest.mark.usefixtures("replica_alias")`. Module-scoped so
    that it exists before the tests' database access is checked against their `databases`."""
    connections.settings[REPLICA] = {**connections.settings["default"], "TEST": {"MIRROR": "default"}}
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def replica(replica_alias, settings):
    """The router and the middleware, as settings install them with DATABASE_REPLICA_URL; the replica's connection."""
    settings.DATABASE_ROUTERS = ["bureau.db_router.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1, MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    settings.REPLICA_PIN_SECONDS = PIN_SECONDS
    return connections[REPLICA]
