"""Reading a list page's total: the one element carrying data-total (issue #15)."""

import re

DATA_TOTAL = re.compile(r'data-total="([^"]*)"')


def data_total(response):
    """The page's total as an int; fails unless exactly one element carries it."""
    assert response.status_code == 200, response.status_code
    found = DATA_TOTAL.findall(response.content.decode())
    assert len(found) == 1, f"expected one data-total, found {found}"
    return int(found[0])
