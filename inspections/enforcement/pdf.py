"""HTML pages as PDF with WeasyPrint, reading stylesheets, fonts and images from the static files on this machine.

The fetcher never goes out on the network: the portal runs on an intranet, and a request back to itself would need
the user's session. A URL under STATIC_URL is read from the collected files (hashed names in production) or from
the finders (development, tests); data: URLs are decoded; anything else is refused and left out of the PDF."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# The origin the page's root-relative URLs resolve against; the fetcher reads only its path.
BASE_URL = "https://portal.invalid/"


def static_file(name):
    """The file on disk behind a static file's name, or None: the collected copy first, then the finders."""
    if staticfiles_storage.exists(name):
        return Path(staticfiles_storage.path(name))
    found = finders.find(name)
    return Path(found) if found else None


class StaticFilesFetcher(URLFetcher):
    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = unquote(urlsplit(url).path)
        if not path.startswith(settings.STATIC_URL):
            raise ValueError(f"不从网络读取：{url}")
        found = static_file(path.removeprefix(settings.STATIC_URL))
        if found is None:
            raise ValueError(f"找不到静态文件：{url}")
        return URLFetcherResponse(url, found.read_bytes(), {"Content-Type": _content_type(found)})


def _content_type(path):
    return {
        ".css": "text/css",
        ".woff2": "font/woff2",
        ".woff": "font/woff",
        ".ttf": "font/ttf",
        ".png": "image/png",
        ".svg": "image/svg+xml",
        ".jpg": "image/jpeg",
    }.get(path.suffix.lower(), "application/octet-stream")


def html_to_pdf(html):
    """The PDF of a rendered page, printed as the browser prints it (print media, @page rules)."""
    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
