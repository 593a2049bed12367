"""Issue #15: no page shows a link its viewer cannot open.

Each demo persona of `seed_demo --scale small` signs in, opens the home page and follows every same-site link two
clicks deep (GET only, see tests/crawl/crawler.py for what is followed and how lists are sampled); any link that
answers 403, 404, 5xx (or any other 4xx), or sends the signed-in persona to a sign-in page, is listed with the
persona and the page that showed it.

The demo data is made once for the module, inside a transaction rolled back at the end (as in
tests/bench/test_seed_demo.py); each persona's test runs in a savepoint of it. On an idle laptop the data takes
about 3 s and the eight crawls (about 600 pages) about 15 s. To look further by hand: CRAWL_DEPTH=3 (a click
deeper: twice the pages), CRAWL_SAMPLES=10 (more rows of each list). The links it found, on small data: test_links.py.
"""

import os
import re
import time

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tests.crawl.crawler import SAMPLES_PER_PATTERN, crawl
from tests.demo import demo_seeded

PERSONAS = ["admin", "staff", "inspector", "inspector2", "grid_a", "grid_b", "ent_a", "ent_b"]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_seeded(django_db_blocker, tmp_path_factory) as media:
        yield media


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, seeded):
    """Replaces tests/conftest.py's fixture of this name (a fresh, empty MEDIA_ROOT per test): the photos the demo
    made for the module must be there for every persona's test."""
    settings.MEDIA_ROOT = seeded


pytestmark = pytest.mark.usefixtures("seeded", "db")


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_link_two_clicks_from_home_opens(persona):
    client = Client(raise_request_exception=False)  # a view's exception is a 500 to list, not a stop
    client.force_login(get_user_model().objects.get(username=persona))
    started = time.monotonic()
    depth, samples = int(os.environ.get("CRAWL_DEPTH", "2")), int(os.environ.get("CRAWL_SAMPLES", SAMPLES_PER_PATTERN))
    failures, fetched = crawl(client, persona, depth=depth, samples=samples)
    print(f"{persona}: {fetched} URLs in {time.monotonic() - started:.1f} s")
    assert fetched > 10, f"{persona} reached almost nothing from home: the crawl is not following links"
    assert not failures, "links their viewer cannot open:\n" + "\n".join(map(str, failures))


def test_every_link_of_the_public_pages_opens_signed_out():
    """The public pages (一公开), crawled by a visitor who never signed in: every link opens, none leads to a page
    that would ask them to sign in."""
    failures, fetched = crawl(Client(raise_request_exception=False), "anonymous", start="/public/", depth=3)
    assert fetched > 5, "the public pages link to almost nothing: is a draw published in the demo?"
    assert not failures, "public links a visitor cannot open:\n" + "\n".join(map(str, failures))


def test_the_demo_publishes_a_serious_dishonesty_listing():
    """seed_demo lists one of its penalty cases' parties, published: the public list is not empty."""
    html = Client().get("/public/dishonest/").content.decode()
    total = re.search(r'data-total="(\d+)"', html)
    assert total and int(total.group(1)) >= 1
