"""Reading a list page's total: the one element carrying data-total (issue #15)."""

import re

DATA_TOTAL = re.compile(r'data-total="([^"]*)"')


def data_total(response):
    """The page's total as an int; fails unless exactly one element carries it."""
    assert response.status_code == 200, response.status_code
    found = DATA_TOTAL.findall(response.content.decode())
    assert len(found) == 1, f"expected one data-total, found {found}"
    return int(found[0])


DATA_FIGURE = re.compile(r'data-figure="([^"]+)" data-value="([^"]*)"')


def figure_values(response):
    """{figure key: value} of the figure links the page shows (the first link of each key), read from the page as a
    user gets it: an int where the value is a whole number, else the text shown."""
    assert response.status_code == 200, response.status_code
    values = {}
    for key, text in DATA_FIGURE.findall(response.content.decode()):
        values.setdefault(key, int(text) if text.lstrip("-").isdigit() else text)
    return values
