"""How every public page is served: no sign-in, GET and HEAD only, the same page for everyone, kept by proxies."""

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.models import AnonymousUser
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

MAX_AGE = 300


def public_page(view):
    """A page of /public/: answered as to an anonymous visitor whoever asks, with Cache-Control public.

    Nothing on it depends on who asks, so it reads no session and sets no cookie (no CSRF token either: the public
    pages have no forms), and a proxy may serve it for MAX_AGE seconds. A signed-in user is shown it as anyone else
    is: their name in the header would make the page theirs, and then not cacheable."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.user = AnonymousUser()
        response = view(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        return response

    return login_not_required(require_safe(wrapper))
