import logging

import pytest

from bureau.logs import RequestIdFilter


class Collect(logging.Handler):
    """Keeps records as the portal's console handler sees them: through the request-id filter, at emit time."""

    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def log_records():
    """log_records("logger.name") -> the list its records will be collected into during the test."""
    attached = []

    def collect(name):
        handler, logger = Collect(), logging.getLogger(name)
        attached.append((logger, handler, logger.level))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        return handler.records

    yield collect
    for logger, handler, level in attached:
        logger.removeHandler(handler)
        logger.setLevel(level)
