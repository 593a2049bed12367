"""A figure is its list: every figure the home page shows, for every demo persona and two periods, opens a list
whose total (`data-total`) is the figure's value (`data-value`); and every registered figure is shown somewhere.

Runs on `seed_demo --scale small` (what `make run` loads), so the figures are not zeros that agree by accident.
"""

import dataclasses
import re
from datetime import date
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bureau.figures import REGISTRY
from grids.models import GridCell
from grids.permissions import scope_roots
from tests.demo import demo_seeded

PERSONAS = ["admin", "staff", "inspector", "inspector2", "grid_a", "grid_b"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory):
        yield


pytestmark = pytest.mark.usefixtures("seeded", "db")


class Marks(HTMLParser):
    """The figure links (href, key, value) and the data-total attributes of a page."""

    def __init__(self):
        super().__init__()
        self.figures, self.totals = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-figure" in attrs:
            self.figures.append((attrs.get("href"), attrs["data-figure"], attrs.get("data-value")))
        if "data-total" in attrs:
            self.totals.append(attrs["data-total"])


def marks(response):
    parser = Marks()
    parser.feed(response.content.decode())
    return parser


def periods():
    today = timezone.localdate()
    yield ""  # the default: this year so far
    last_year = today.year - 1
    yield f"?start={last_year}-01-01&end={today.isoformat()}"


def walk(client, home_url):
    """(key, value, list url, list total or a complaint) for each figure of the page."""
    home = client.get(home_url)
    assert home.status_code == 200, home_url
    for href, key, value in marks(home).figures:
        listed = client.get(href)
        if listed.status_code != 200:
            yield key, value, href, f"HTTP {listed.status_code}"
            continue
        totals = marks(listed).totals
        yield key, value, href, totals[0] if len(totals) == 1 else f"{len(totals)} 个 data-total"


def signed_in(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def pages_of(username):
    """The home page for two periods, the page of the first cell the persona sees (its panels show figures), and the
    major hazards board (every persona here supervises: the bureau and grid officers)."""
    for query in periods():
        yield "/" + query
    yield reverse("major_hazards:board")
    [root] = scope_roots(get_user_model().objects.get(username=username))[:1]
    town = root if root.level > 1 else GridCell.objects.towns().order_by("code").first()
    yield reverse("grids:detail", args=[town.code])


def disagreements(username, seen=None, nonzero=None):
    client = signed_in(username)
    for page in pages_of(username):
        for key, value, href, total in walk(client, page):
            if seen is not None:
                seen.add(key)
            if nonzero is not None and value not in ("0", None):
                nonzero.add(key)
            if total != value:
                yield f"{username} {page} {key}={value} → {href} data-total={total}"


def test_every_figure_opens_a_list_with_the_same_total():
    seen, nonzero = set(), set()
    wrong = [line for username in PERSONAS for line in disagreements(username, seen, nonzero)]
    assert not wrong, "\n".join(wrong)
    assert set(REGISTRY) <= seen, f"registered but never shown: {sorted(set(REGISTRY) - seen)}"
    # The demo data makes (nearly) every figure count something, so agreement is not 0 == 0.
    zero = set(REGISTRY) - nonzero
    assert len(zero) <= 3, f"figures that are 0 for everyone: {sorted(zero)}"


def test_a_figure_whose_list_loses_a_filter_is_caught(monkeypatch):
    """The check above can fail: the open hazards' figure linked to the whole hazard list disagrees."""
    broken = dataclasses.replace(REGISTRY["hazards.open"], list_params=lambda period: {})
    monkeypatch.setitem(REGISTRY, "hazards.open", broken)

    wrong = list(disagreements("staff"))

    assert any(" hazards.open=" in line for line in wrong), wrong


def test_every_figure_states_what_it_counts_and_whether_it_is_of_the_period():
    client = Client()
    client.force_login(get_user_model().objects.get(username="staff"))
    page = client.get(f"/?start={date.today().year}-01-01&end={date.today().isoformat()}").content.decode()
    # The board's figures (a town's, a month's) are stated on the board, beside them.
    page += client.get(reverse("major_hazards:board")).content.decode()
    for figure in REGISTRY.values():
        assert figure.basis in page, figure.key
    assert "时段内" in page and "截至今日" in page
    assert re.search(r'data-figure="documents\.fines" data-value="[0-9.]+"', page)
