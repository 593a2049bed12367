"""Follow a signed-in user's same-site links from the home page and collect every one that fails.

The crawl is breadth-first, GET only, to a given depth. A list page links to every row and every page of the
list: to keep the run short, the links of one page are thinned to a few per URL pattern (`resolve(path).route`)
and query-key set, and a persona fetches at most a few URLs per pattern in all. One detail page of a kind is
rendered by the same view and template as its siblings, so a sample finds a link the template shows wrongly;
what a sample can miss is a link that depends on the row's data, which is why each pattern keeps more than one.
"""

from collections import defaultdict, deque
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import Resolver404, resolve, reverse

HOSTS = {"", "testserver"}
# Not pages: static and uploaded files are served by the web server, not by Django under test; logout is a POST.
SKIPPED_PREFIXES = ("/static/", "/media/", "/accounts/logout/")
SKIPPED_SCHEMES = ("mailto:", "javascript:", "tel:", "data:")
SAMPLES_PER_PATTERN = 3


@dataclass(frozen=True)
class Failure:
    persona: str
    page: str
    link: str
    status: int

    def __str__(self):
        return f"{self.persona}: {self.page} → {self.link} ({self.status})"


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href is not None:
                self.hrefs.append(href)


def page_links(html, page_url):
    """The same-site links of a page as "path?query" (fragment dropped, query sorted), in page order, unique."""
    parser = _Anchors()
    parser.feed(html)
    links = []
    for href in parser.hrefs:
        href = href.strip()
        if not href or href.startswith("#") or href.lower().startswith(SKIPPED_SCHEMES):
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.scheme not in ("", "http", "https") or parts.netloc not in HOSTS:
            continue
        if parts.path.startswith(SKIPPED_PREFIXES):
            continue
        query = urlencode(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        link = parts.path + (f"?{query}" if query else "")
        if link not in links:
            links.append(link)
    return links


def pattern_of(link):
    """What makes two links "the same kind": the URL pattern and which query keys they set."""
    parts = urlsplit(link)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path  # an unknown path is its own kind: it will be fetched, and fail
    keys = tuple(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return route, keys


def crawl(client, persona, *, start="/", depth=2, samples=SAMPLES_PER_PATTERN):
    """GET `start` and the links reachable within `depth` clicks; returns (failures, number of URLs fetched).

    A failure is any link answering 400 or more (403, 404, 405, 500…), or sending a signed-in user to a sign-in page
    (what Django's admin does to those it refuses: reported with the redirect's status); a page at the start that
    fails counts too.
    """
    failures = []
    seen = {start}
    per_pattern = defaultdict(int)
    queue = deque([(start, "", 0)])  # (link, page it was on, clicks from start)
    while queue:
        link, page, clicks = queue.popleft()
        response = client.get(link, follow=True)
        final = response.request["PATH_INFO"]
        status = response.status_code
        if getattr(response, "redirect_chain", None) and final in _sign_in_paths():
            status = response.redirect_chain[0][1]
        if status >= 300:
            failures.append(Failure(persona, page, link, status))
        body = _body(response)
        if clicks >= depth or status >= 300 or not _is_html(response):
            continue
        for found in page_links(body, final):
            if found in seen:
                continue
            kind = pattern_of(found)
            if per_pattern[kind] >= samples:
                continue
            seen.add(found)
            per_pattern[kind] += 1
            queue.append((found, final, clicks + 1))
    return failures, len(seen)


def _sign_in_paths():
    return {resolve_url(settings.LOGIN_URL), reverse("admin:login")}


def _is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


def _body(response):
    """The text of an HTML page; a download is read to the end (an export failing halfway is a failure too)."""
    # Reading a streamed download to the end closes it; closing it again would fire request_finished, whose
    # handler closes the test's database connection.
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(response.charset or "utf-8", "replace") if _is_html(response) else ""
