"""A password someone else chose (an issued or reset one-time password) is changed before anything else.

The account's flag (Profile.must_change_password) is read once, at sign-in, into the session: the middleware then
costs no query. A reset ends the user's other sessions (Django's session hash follows the password), so the flag
reaches every session through a new sign-in."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect
from django.urls import reverse

from bureau.accounts.models import Profile

SESSION_KEY = "must_change_password"
# What a user who must change the password may still open: the change itself, signing out, static files.
ALLOWED_NAMES = ("password_change", "logout")


def note_at_sign_in(sender, request, user, **kwargs):
    """Connected to user_logged_in (AccountsConfig.ready())."""
    if request is None or not hasattr(request, "session"):
        return
    if Profile.objects.filter(user=user, must_change_password=True).exists():
        request.session[SESSION_KEY] = True
    else:
        request.session.pop(SESSION_KEY, None)


class ForcePasswordChangeMiddleware:
    """Sends a signed-in user whose password was issued to them to the password change page until it is changed."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = None

    def __call__(self, request):
        if request.user.is_authenticated and request.session.get(SESSION_KEY):
            if self.allowed is None:
                self.allowed = {reverse(name) for name in ALLOWED_NAMES}
            if request.path not in self.allowed:
                messages.info(request, "您的密码是他人为您设置的初始密码，请先修改密码。")
                return redirect("password_change")
        return self.get_response(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change, which also lifts the forced change."""

    def form_valid(self, form):
        response = super().form_valid(form)
        Profile.objects.filter(user=form.user, must_change_password=True).update(must_change_password=False)
        self.request.session.pop(SESSION_KEY, None)
        return response
