"""The portal's error pages (handler400/403/404/500 and the CSRF failure view), each in Chinese.

Django's own handlers are wrapped in `requires_csrf_token`, which checks the CSRF token again and so reads
`request.POST` again. When that is what failed — a form POST declaring `charset=gbk` (Django refuses any charset
but UTF-8 for urlencoded forms), too many fields — the handler fails the same way and gunicorn's bare English page
is served instead. These handlers never read the request body; a form on the page (sign out) still gets its token
through the `csrf` context processor.

A database that cannot be reached is a 503 ("try again shortly"), not a 500: Django calls handler500 while the
exception is being handled, so it is still at hand here. The 500 and 503 pages touch no database: they are
rendered without a request context (no session, no user, no context processors).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def _page(request, template_name, status, context=None):
    body = loader.get_template(template_name).render(context, request)
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    """400: the request could not be read (a charset other than UTF-8, too many fields, a broken upload)."""
    return _page(request, "400.html", 400)


def permission_denied(request, exception=None):
    return _page(request, "403.html", 403, {"exception": str(exception or "")})


def page_not_found(request, exception=None):
    return _page(request, "404.html", 404)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: the form's security token is missing or stale (an old tab, cookies off). Says so in
    Chinese; never reads the body, which may be what could not be read."""
    return _page(request, "403_csrf.html", 403)


def database_unavailable(request=None):
    """The 503 page: the database is down or restarting; nothing was saved, try again shortly."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request=None, template_name="500.html"):
    if isinstance(sys.exception(), DATABASE_DOWN):
        return database_unavailable(request)
    return HttpResponse(loader.get_template(template_name).render(), status=500)
