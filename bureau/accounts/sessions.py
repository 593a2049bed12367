"""A session's absolute lifetime: SESSION_ABSOLUTE_SECONDS from its sign-in, however active it stays.

The 30-minute idle timeout (SESSION_COOKIE_AGE) slides as the session is saved, which this middleware makes happen at
most once a minute of activity (TOUCH_SECONDS); the absolute lifetime bounds it. The sign-in time is stamped in the
session at sign-in (connected in AccountsConfig.ready()); a signed-in session without the stamp was not made by a
sign-in of this portal and is ended too.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

SIGNED_IN_AT = "signed_in_at"
# The idle timeout slides when the session is saved. Saving it on every request cost three queries a page (a
# savepoint, the UPDATE, its release); once a minute is enough for a 30-minute timeout.
TOUCHED_AT = "touched_at"
TOUCH_SECONDS = 60


def stamp_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[TOUCHED_AT] = int(time.time())


def session_expired(request):
    signed_in_at = request.session.get(SIGNED_IN_AT)
    if not isinstance(signed_in_at, int):
        return True
    return time.time() - signed_in_at > settings.SESSION_ABSOLUTE_SECONDS


def lifetime_text(seconds):
    if seconds % 3600 == 0:
        return f"{seconds // 3600} 小时"
    return f"{max(seconds // 60, 1)} 分钟"


class AbsoluteSessionLifetimeMiddleware:
    """Signs out a session past its absolute lifetime and sends the browser to sign in again, saying why; keeps the
    idle timeout sliding by touching the session once a minute."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and session_expired(request):
            logout(request)
            messages.info(
                request,
                f"您已登录超过 {lifetime_text(settings.SESSION_ABSOLUTE_SECONDS)}，为保护账号安全，请重新登录。",
            )
            return redirect_to_login(request.get_full_path())
        if request.user.is_authenticated:
            now = int(time.time())
            touched = request.session.get(TOUCHED_AT)
            if not isinstance(touched, int) or now - touched >= TOUCH_SECONDS:
                request.session[TOUCHED_AT] = now  # modified: SessionMiddleware saves it with a new expiry
        return self.get_response(request)
