"""The portal's 500 handler: a database that cannot be reached is a 503 ("try again shortly"), not a 500.

Django turns an exception raised anywhere in a request (a view, or a middleware such as the session lookup) into
a response by calling handler500 while the exception is being handled, so the exception is still at hand here.
Nothing here touches the database: the page is rendered without a request context (no session, no user, no
context processors), like 500.html.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

DATABASE_DOWN = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(request=None):
    """The 503 page: the database is down or restarting; nothing was saved, try again shortly."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request, template_name="500.html"):
    if isinstance(sys.exception(), DATABASE_DOWN):
        return database_unavailable(request)
    return default_server_error(request, template_name)
