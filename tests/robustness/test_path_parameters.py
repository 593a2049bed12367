"""Hostile path parameters and ids in query strings: quarters, grid codes, primary keys.

Random text, unicode digits (superscripts, Arabic-Indic, full-width), NUL and other control characters, huge years
and numbers. The rule: the portal's own page, 200 or 404 (302 where a valid value takes a form), never a 500, and
nothing written unless the value was a valid one.
"""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from bureau.quarters import Quarter
from tests.factories import make_hazard
from tests.robustness.hostile import FORM_SETTINGS, hostile_text, rolled_back, submit

pytestmark = pytest.mark.django_db

ODD_DIGITS = ["²", "¹", "³", "⁰", "٣", "۳", "१", "１", "𝟙", "①", "Ⅳ", "〇", "二"]


def unicode_digits(min_size=1, max_size=6):
    """Strings of characters that str.isdigit() (or int()) takes and are not 0-9."""
    return st.one_of(
        st.text(alphabet=st.characters(categories=["Nd", "No"]), min_size=min_size, max_size=max_size),
        st.lists(st.sampled_from(ODD_DIGITS), min_size=min_size, max_size=max_size).map("".join),
    )


def with_nul():
    return st.tuples(st.text(max_size=8), st.text(max_size=8)).map(lambda parts: "\x00".join(parts))


def quarter_slugs():
    this_year = timezone.localdate().year
    return st.one_of(
        st.sampled_from([f"{this_year - 1}Q4", "2000Q1", f"{this_year + 1}Q4", "9999Q4", "0000Q1", "0001Q1"]),
        st.tuples(st.integers(min_value=0, max_value=9999), st.integers(min_value=0, max_value=9)).map(
            lambda yq: f"{yq[0]:04d}Q{yq[1]}"
        ),
        st.integers(min_value=-(10**12), max_value=10**12).map(lambda year: f"{year}Q1"),
        unicode_digits(4, 4).map(lambda digits: f"{digits}Q1"),
        with_nul().map(lambda text: f"2026Q1{text}"),
        hostile_text(),
    )


def ids():
    return st.one_of(
        st.integers(min_value=0, max_value=10**30).map(str),
        unicode_digits(),
        with_nul(),
        st.text(max_size=20),
    )


def path_part(text):
    return quote(text, safe="")


def routable_quarter(slug):
    """Whether the URL pattern takes the slug: four ASCII digits, Q, 1-4, a year the portal supports."""
    if not re.fullmatch(r"[0-9]{4}Q[1-4]", slug):
        return False
    try:
        Quarter.parse(slug)
    except ValueError:
        return False
    return True


@FORM_SETTINGS
@given(slug=quarter_slugs())
def test_a_quarter_in_the_path(as_user, world, staff, slug):
    client = as_user(staff)
    routable = routable_quarter(slug)
    with rolled_back():
        submit(client, "get", f"/rankings/{path_part(slug)}/", ok=(200,) if routable else (404,), navigation=True)
        submit(client, "post", f"/rankings/{path_part(slug)}/compute/", ok=(302,) if routable else (404,))
        if not routable:
            submit(client, "post", f"/rankings/{path_part(slug)}/bulletin/", ok=(404,))


@FORM_SETTINGS
@given(code=st.one_of(st.sampled_from(["330381"]), hostile_text(), unicode_digits(), with_nul()))
def test_a_grid_code_in_the_path(as_user, world, bureau_admin, grid_officer_b, code):
    client = as_user(bureau_admin)
    valid = code == world.city.code
    with rolled_back():
        submit(client, "get", f"/grids/{path_part(code)}/", ok=(200,) if valid else (404,), navigation=True)
        if not valid:
            data = {"user": grid_officer_b.pk, "capacity": "responsible", "start_date": "2026-01-01"}
            submit(client, "post", f"/grids/{path_part(code)}/assign/", data, ok=(404,))
            end = f"/grids/{path_part(code)}/assignments/1/end/"
            submit(client, "post", end, {"end_date": "2026-01-01"}, ok=(404,))


DETAIL_PAGES = ["enterprises", "hazards", "inspections", "documents", "cases", "campaigns", "bulletins", "self-checks"]


@FORM_SETTINGS
@given(pk=ids(), page=st.sampled_from(DETAIL_PAGES))
def test_a_primary_key_in_the_path(as_user, world, staff, pk, page):
    client = as_user(staff)
    with rolled_back():
        submit(client, "get", f"/{page}/{path_part(pk)}/", ok=(200, 403, 404), navigation=True)


@FORM_SETTINGS
@given(value=ids(), name=st.sampled_from(["inspection", "case", "supersedes"]))
def test_an_id_in_the_document_forms_query_string(as_user, world, inspector, value, name):
    client = as_user(inspector)
    url = reverse("documents:issue", args=[world.enterprise_x.pk, "record"])
    with rolled_back():
        submit(client, "get", url, {name: value}, ok=(404,) if value else (200,), navigation=True)


@FORM_SETTINGS
@given(query=st.one_of(ids(), hostile_text()))
def test_the_audit_trails_object_query(as_user, world, bureau_admin, query):
    client = as_user(bureau_admin)
    with rolled_back():
        submit(client, "get", reverse("audit:list"), {"q": query}, ok=(200,), navigation=True)


@FORM_SETTINGS
@given(kind=st.one_of(st.sampled_from(["record"]), hostile_text(), with_nul()))
def test_a_document_kind_in_the_path(as_user, world, inspector, kind):
    client = as_user(inspector)
    url = f"/documents/new/{world.enterprise_x.pk}/{path_part(kind)}/"
    with rolled_back():
        submit(client, "get", url, ok=(200,) if kind == "record" else (404,), navigation=True)


@FORM_SETTINGS
@given(action=st.one_of(hostile_text(), with_nul(), unicode_digits()))
def test_a_hazard_action_in_the_path(as_user, world, staff, action):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    client = as_user(staff)
    with rolled_back():
        _, verdict = submit(
            client, "post", f"/hazards/{hazard.pk}/do/{path_part(action)}/", {"version": hazard.version}, ok=(302, 404)
        )
        assert verdict in ("refused", "shown")
