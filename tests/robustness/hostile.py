"""Hostile input for every form, and the one rule each answer must keep.

Values: random text with control characters, 10,000-character strings, HTML and script, SQL-ish strings, negative
and huge numbers, impossible dates, broken choices and ids, files that are not images and a 20 MB "image". Each
field's strategy mixes them with valid values, so that some examples pass the form and reach the service.

The rule (`submit`): the real view answers 200 or 302, never 500; when it refuses, it says why in Chinese on the
page or in a message, and no table gained or lost a row.
"""

import io
import re
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.contrib.messages import constants, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms import BaseForm
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st

CJK = re.compile(r"[\u4e00-\u9fff]")

# Shared by every hypothesis test here: few enough examples to keep the suite quick, no deadline (a request takes
# tens of milliseconds, a 20 MB upload more), fixtures reused across examples (each example rolls back).
FORM_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)

SCRIPT = "<script>alert(1)</script>"
HOSTILE_TEXT = [
    "",
    " ",
    "\u3000",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    "'; DROP TABLE hazards_hazard; --",
    "%",
    "_",
    "%_%",
    "\\",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c",
    "\x1b[31m红\x1b[0m",
    "\u202e\u200b\ufeff",
    "😀🔥",
    "{{ request.user }}{% debug %}",
    "../../etc/passwd",
    "x" * 10_000,
    "隐" * 10_000,
    "-1",
    "1e309",
    "NaN",
    "99999999999999999999999",
]
HOSTILE_NUMBERS = [
    "",
    "-1",
    "0",
    "-0",
    "0.0000001",
    "-99999999999",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999999",
    "1e309",
    "-1e309",
    "NaN",
    "Infinity",
    "1,000",
    "１２",
    "12abc",
    "0x10",
    "' OR 1=1 --",
    "\x00",
]
IMPOSSIBLE_DATES = [
    "",
    "2026-02-30",
    "0000-00-00",
    "99999-01-01",
    "2026-13-01",
    "2026-00-10",
    "0001-01-01",
    "9999-12-31",
    "1900-01-01",
    "2026/02/28",
    "20260228",
    "yesterday",
    "' OR 1=1 --",
    "\x00",
]


def hostile_text():
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=40),  # any code point but surrogates: control characters and NUL included
        st.text(min_size=1, max_size=8).map(lambda s: (s * 10_000)[:10_000]),
    )


def text(*valid):
    """Text: a valid value now and then, else anything."""
    return st.one_of(st.sampled_from(valid), hostile_text()) if valid else hostile_text()


def number(*valid):
    return st.one_of(
        st.sampled_from([str(v) for v in valid] or ["1"]),
        st.sampled_from(HOSTILE_NUMBERS),
        st.integers(min_value=-(10**30), max_value=10**30).map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
    )


def date(*, around_today=True):
    """Valid dates near today, any date 1-9999, and impossible ones."""
    today = timezone.localdate()
    near = st.integers(min_value=-400, max_value=400).map(lambda days: (today + timedelta(days=days)).isoformat())
    return st.one_of(near if around_today else st.nothing(), st.dates().map(str), st.sampled_from(IMPOSSIBLE_DATES))


def choice(*valid):
    """One of the valid values, or something that is not one."""
    valid = st.sampled_from([str(v) for v in valid])
    return st.one_of(valid, valid, hostile_text(), st.sampled_from(HOSTILE_NUMBERS))


def ids(*valid):
    """A valid primary key or code, or a broken one."""
    return choice(*valid)


def several(*valid):
    """A multiple choice: a list of valid and broken values."""
    return st.lists(choice(*valid), max_size=4)


def form(valid, broken, *, max_broken=3):
    """A form's data: valid values with up to `max_broken` fields replaced by hostile ones, so that examples also
    get past the form to the service's own rules (a deadline before the found date, a duplicate, …)."""
    names = sorted(broken)

    @st.composite
    def build(draw):
        data = {name: draw(value) if isinstance(value, st.SearchStrategy) else value for name, value in valid.items()}
        for name in draw(st.sets(st.sampled_from(names), max_size=max_broken)):
            data[name] = draw(broken[name])
        return data

    return build()


def days_from_today(days):
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def jpeg(size=(64, 48)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


TWENTY_MB = 20 * 1024 * 1024


def _file(kind):
    if kind == "none":
        return None
    if kind == "jpeg":
        return SimpleUploadedFile("现场.jpg", jpeg(), content_type="image/jpeg")
    if kind == "text_as_jpeg":
        return SimpleUploadedFile("photo.jpg", b"not an image at all" * 10, content_type="image/jpeg")
    if kind == "script_as_png":
        return SimpleUploadedFile("<script>.png", SCRIPT.encode(), content_type="image/png")
    if kind == "empty":
        return SimpleUploadedFile("empty.jpg", b"", content_type="image/jpeg")
    if kind == "20mb_jpeg":
        # A real JPEG header followed by 20 MB: it would pass a check of the first bytes only.
        return SimpleUploadedFile("huge.jpg", jpeg() + b"\0" * TWENTY_MB, content_type="image/jpeg")
    if kind == "20mb_junk":
        return SimpleUploadedFile("huge.png", b"\x89PNG" + b"A" * TWENTY_MB, content_type="image/png")
    raise ValueError(kind)


FILE_KINDS = ["none", "jpeg", "text_as_jpeg", "script_as_png", "empty", "20mb_jpeg", "20mb_junk"]


def photos():
    """A list of uploads for a photo field; the 20 MB ones are drawn rarely (they are slow)."""
    small, huge = st.sampled_from(FILE_KINDS[:5]), st.sampled_from(FILE_KINDS[5:])
    kinds = st.one_of(small, small, small, huge)
    return st.lists(kinds, max_size=2).map(lambda names: [f for f in map(_file, names) if f is not None])


# Checking the answer -----------------------------------------------------------------------------------------------

# Rows that any request may write whether or not its form was accepted: the session, sign-in records (django-axes
# and the audit of sign-ins).
NOISY_TABLES = {"django_session", "accounts_signinevent"}


def _counted_tables():
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.db_table.startswith("axes_")
    )
    return [t for t in dict.fromkeys(tables) if t not in NOISY_TABLES]


def row_counts():
    """{table: rows} for every table of the portal, in one query."""
    tables = _counted_tables()
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(zip(tables, cursor.fetchone(), strict=True))


@contextmanager
def rolled_back():
    """Run one example inside a savepoint and roll it back: the next example starts from the same data."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)
        transaction.set_rollback(False)


def _forms_in(response):
    forms = []
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, BaseForm) and value not in forms:
                forms.append(value)
    return forms


def _messages(response):
    return [(m.level, str(m)) for m in get_messages(response.wsgi_request)]


def outcome(response):
    """("refused", [reasons]) or ("accepted", []), from the page's form errors or the redirect's messages."""
    errors = [str(e) for form in _forms_in(response) if form.is_bound for e in _all_errors(form)]
    refusals = [text for level, text in _messages(response) if level >= constants.WARNING]
    if errors or refusals:
        return "refused", errors + refusals
    return "accepted", []


def _all_errors(form):
    return [error for errors in form.errors.values() for error in errors]


def submit(client, method, url, data=None, *, ok=(200, 302), expect_refused=False, navigation=False):
    """Send the form through the real view and check the rule; returns (response, outcome).

    `navigation`: the values are a link's state (which branch is open, which page), not typed by anyone; a bad one
    is ignored, so only "no 500, no change" is checked."""
    client.cookies.pop("messages", None)  # a message from the previous example must not count for this one
    before = row_counts()
    response = client.get(url, data or {}) if method == "get" else client.post(url, data or {})
    assert response.status_code in ok, f"{method.upper()} {url} answered {response.status_code} for {data!r:.500}"
    after = row_counts()
    if navigation or response.status_code in (403, 404):
        assert after == before, f"answered {response.status_code} but rows changed"
        if response.status_code != 200:
            assert CJK.search(response.content.decode(errors="replace")), "an error page not in Chinese"
        return response, "shown"
    verdict, reasons = outcome(response)
    # --hypothesis-show-statistics: how many examples got through to the service, per view.
    event(f"{getattr(response.resolver_match, 'view_name', url)}: {verdict}")
    if verdict == "refused":
        changed = {t: (before[t], after[t]) for t in before if before[t] != after[t]}
        assert not changed, f"refused ({reasons[:3]}) but rows changed: {changed}"
        for reason in reasons:
            assert CJK.search(reason), f"an error not in Chinese: {reason!r}"
        if response.status_code == 200:
            page = response.content.decode()
            shown = [r for r in reasons if escape(r) in page or r in page]
            assert shown, f"none of the errors is on the page: {reasons[:3]}"
    else:
        assert not expect_refused, f"accepted {data!r:.300}"
    return response, verdict
