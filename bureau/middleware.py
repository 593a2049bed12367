import re
import uuid

from django.core.signals import request_finished
from django.utils.cache import add_never_cache_headers

from bureau.logs import NONE, request_id_var

HEADER = "X-Request-ID"
# What we accept from the proxy: nginx's $request_id is 32 hex digits, a uuid has dashes. Anything else (too
# long, spaces, quotes, newlines) could forge or break log lines, so it is replaced.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


class RequestIdMiddleware:
    """Gives each request an id: the proxy's X-Request-ID when sane, else a new one; echoed in the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(HEADER, "")
        request_id = incoming if SANE_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs a 4xx response ("Not Found: ...") after the last middleware has
        # returned. The id is cleared when the response is closed, below.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class NoStoreForSignedInMiddleware:
    """A response to a signed-in user (a page, an export, a photo) is not kept by the browser or any proxy: on a
    shared office computer the next person must not find it in the cache or in the back button's history.

    Static files are served by whitenoise before this runs and keep their own caching. Anonymous pages (sign-in,
    public pages) are left as their views make them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            # no-store, no-cache, must-revalidate, max-age=0, private: overrides whatever the view allowed.
            add_never_cache_headers(response)
        return response


def _forget_request_id(**kwargs):
    request_id_var.set(NONE)


request_finished.connect(_forget_request_id, dispatch_uid="bureau.middleware.forget_request_id")
