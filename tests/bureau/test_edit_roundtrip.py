"""Every edit round-trips: an edit page saved without touching anything saves, and changes nothing.

For each edit page of the URL map (found by walking the resolver), the page is opened for a sample object as a user
who may edit it, its form read as a browser would submit it (inputs, chosen options, checked boxes, textareas,
hidden keys) and posted back unchanged. It must be accepted (a redirect, no form errors) and leave every table as
it was — the object, its related rows and their history alike: a save that changes nothing writes nothing. Only
the one-time submission key the form carries and the session may change.

A URL whose name or path marks it as an edit page must have a case in ROUND_TRIPS (how to reach its sample object
and who edits it) or a reason in NOT_EDIT_PAGES: a new edit page without a sample fails here, loudly.
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security import test_permission_matrix as matrix
from tests.security.page_forms import post_form
from tests.security.test_replay import _state

MATRIX = matrix.MATRIX
# The permission matrix's personas and objects, made once for this module too (each test in a savepoint).
_built, built = matrix._built, matrix.built

# What in a URL's name or path marks a page that may change an existing object.
EDIT_MARK = re.compile(r"edit|update|change|contact|grade|source|assign|interval|setting", re.IGNORECASE)


@dataclass(frozen=True)
class RoundTrip:
    """Who edits; the URL is the permission matrix's (built from its sample objects)."""

    persona: str


ROUND_TRIPS = {
    "enterprises:edit": RoundTrip("staff"),
    "enterprises:contact": RoundTrip("enterprise_user_x"),
    "enterprises:source_edit": RoundTrip("staff"),
    "enterprises:intervals": RoundTrip("staff"),
    "campaigns:edit": RoundTrip("staff"),
    "inspections:expert_edit": RoundTrip("staff"),
}

# URLs the marks above catch that are no page editing an existing object, with why.
NOT_EDIT_PAGES = {
    "enterprises:source_create": "registers a new major hazard source (a creating form: see test_replay)",
    "enterprises:grade": "records a new dated grade decision with its reason; the same grade again is a new decision",
    "grids:assign": "adds an assignment row (assignments are history, never edited in place)",
    "grids:unassigned": "a list of the cells without a grid officer (the word is 'unassigned')",
    "grids:end_assignment": "a button ending an assignment on a date: a state change (see test_replay)",
    "password_change": "a new password, never shown back: there is nothing to round-trip",
    "password_change_done": "a page saying the password was changed",
}

# Rows a submit may add whatever it does: the form's one-time key and the session.
IGNORED_TABLES = {"accounts_submission", "django_session"}


def edit_url_names():
    """Named URLs of the portal whose name or path looks like an edit page (Django's admin aside)."""

    def walk(resolver, namespaces, prefix):
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern, namespaces + ([pattern.namespace] if pattern.namespace else []), route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = ":".join([*namespaces, pattern.name])
                if not name.startswith("admin:") and (EDIT_MARK.search(name) or EDIT_MARK.search(route)):
                    yield name

    return set(walk(get_resolver(), [], ""))


def test_every_edit_page_has_a_round_trip():
    names = edit_url_names()
    unknown = names - ROUND_TRIPS.keys() - NOT_EDIT_PAGES.keys()
    assert not unknown, f"edit pages without a sample in ROUND_TRIPS (or a reason in NOT_EDIT_PAGES): {sorted(unknown)}"
    stale = (ROUND_TRIPS.keys() | NOT_EDIT_PAGES.keys()) - names
    assert not stale, f"entries for URLs that are gone or no longer look like edit pages: {sorted(stale)}"


def _changed(before, after):
    return sorted(t for t in before.keys() | after.keys() if t not in IGNORED_TABLES and before.get(t) != after.get(t))


@pytest.mark.parametrize("name", sorted(ROUND_TRIPS))
def test_an_edit_page_saved_unchanged_saves_and_changes_nothing(name, built):
    users, objects = built
    client = Client()
    client.force_login(users[ROUND_TRIPS[name].persona])
    path = MATRIX[name].url(objects)
    shown = client.get(path)
    assert shown.status_code == 200, f"{path} answered {shown.status_code}"
    data = post_form(shown.content.decode(), path, path)
    assert [k for k in data if k != "csrfmiddlewaretoken"], f"{path} shows an empty form"

    before = _state()
    saved = client.post(path, data)

    form = saved.context.get("form") if saved.context else None
    assert saved.status_code == 302, f"{path} refused its own values: {form.errors if form else saved.status_code}"
    assert _changed(before, _state()) == [], f"{path} saved unchanged changed these tables"
