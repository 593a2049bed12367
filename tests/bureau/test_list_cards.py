"""Every list table that turns into cards on a phone (table.table-cards, static/css/portal.css) says in each cell what
the cell is: the row's title, its checkbox or actions, or a data-label naming its column. A cell with none would be
a bare value on the card."""

import importlib
import re
from pathlib import Path

import pytest
from django.conf import settings

APPS = ["bureau", "grids", "enterprises", "hazards", "inspections", "templates"]
EXPLAINED = ("data-label", "colspan", "cell-title", "cell-select", "cell-actions", "d-none", "no-print")


def _card_templates():
    base = Path(settings.BASE_DIR)
    return sorted(
        path
        for app in APPS
        for path in (base / app).rglob("*.html")
        if "table-cards" in path.read_text(encoding="utf-8")
    )


CARD_TEMPLATES = _card_templates()
# Tables whose rows a template tag writes in Python (for speed): their cells are checked in the tag's row markup.
ROWS_IN_PYTHON = {"_list_body.html": "enterprises.templatetags.registry"}


def test_the_key_lists_are_cards_on_a_phone():
    names = {path.relative_to(settings.BASE_DIR).as_posix() for path in CARD_TEMPLATES}
    assert {
        "hazards/templates/hazards/list.html",
        "enterprises/templates/enterprises/due.html",
        "enterprises/templates/enterprises/_list_body.html",
        "inspections/templates/inspections/documents/register.html",
        "inspections/templates/inspections/campaigns/detail.html",
        "inspections/templates/accidents/list.html",
        "inspections/templates/accidents/follow_up_list.html",
        "hazards/templates/major_hazards/listings.html",
    } <= names


@pytest.mark.parametrize("path", CARD_TEMPLATES, ids=lambda p: p.name)
def test_each_cell_of_a_card_says_what_it_is(path):
    text = path.read_text(encoding="utf-8")
    table = text[text.index("table-cards") :]
    body = table[table.index("<tbody") : table.index("</tbody>")]
    if path.name in ROWS_IN_PYTHON:
        rows = importlib.import_module(ROWS_IN_PYTHON[path.name])
        assert "<td" not in body and "registry_rows" in body
        body = rows.ROW + rows.EMPTY
    cells = re.findall(r"<td\b[^>]*>", body)
    assert cells
    assert [cell for cell in cells if not any(mark in cell for mark in EXPLAINED)] == []
    assert body.count("cell-title") == 1
