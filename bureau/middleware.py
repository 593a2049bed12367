import re
import uuid

from django.core.signals import request_finished

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


def _forget_request_id(**kwargs):
    request_id_var.set(NONE)


request_finished.connect(_forget_request_id, dispatch_uid="bureau.middleware.forget_request_id")
