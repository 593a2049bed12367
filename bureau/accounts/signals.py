"""Sign-ins, sign-outs, failed sign-ins and lockouts go to the audit trail (SignInEvent).

Connected in AccountsConfig.ready(); axes keeps its own records for the lockout itself.
"""

from axes.helpers import get_client_ip_address
from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from simple_history.signals import pre_create_historical_record

from bureau.accounts.first_password import note_at_sign_in
from bureau.accounts.models import SignInEvent
from bureau.accounts.sessions import stamp_sign_in


def _client(request):
    if request is None:
        return None, ""
    ip = getattr(request, "axes_ip_address", None) or get_client_ip_address(request)
    return ip or None, request.META.get("HTTP_USER_AGENT", "")[:300]


def _record(kind, request, username, user=None, ip=None):
    client_ip, user_agent = _client(request)
    SignInEvent.objects.create(
        kind=kind, username=(username or "")[:150], user=user, ip=ip or client_ip, user_agent=user_agent
    )


def record_sign_in(sender, request, user, **kwargs):
    _record(SignInEvent.Kind.SUCCESS, request, user.get_username(), user)


def record_sign_out(sender, request, user, **kwargs):
    # A sign-out with no session behind it (user is None) is nothing to record.
    if user is not None:
        _record(SignInEvent.Kind.LOGOUT, request, user.get_username(), user)


def record_failure(sender, credentials, request=None, **kwargs):
    username = credentials.get(get_user_model().USERNAME_FIELD) or credentials.get("username") or ""
    _record(SignInEvent.Kind.FAILURE, request, username, _user_named(username))
    if request is not None:
        request._sign_in_failure_recorded = True
        if getattr(request, "_sign_in_lockout", None):
            _record_lockout(request, *request._sign_in_lockout)


def record_lockout(sender, request, username, ip_address=None, **kwargs):
    """Axes says so from its own failed-sign-in receiver, on the failure that reaches the limit and on each
    attempt while locked. Whichever receiver runs first, the failure is written before the lockout."""
    if request is None or getattr(request, "_sign_in_failure_recorded", False):
        _record_lockout(request, username, ip_address)
    else:
        request._sign_in_lockout = (username, ip_address)


def _record_lockout(request, username, ip_address):
    if request is not None:
        if getattr(request, "_sign_in_lockout_recorded", False):
            return
        request._sign_in_lockout_recorded = True
    _record(SignInEvent.Kind.LOCKOUT, request, username, _user_named(username), ip=ip_address)


def _user_named(username):
    if not username:
        return None
    return get_user_model()._default_manager.filter(**{get_user_model().USERNAME_FIELD: username}).first()


def mark_password_change(sender, instance, history_instance, **kwargs):
    """The user's history keeps no hash, only that set_password() was called before this save."""
    history_instance.password_changed = getattr(instance, "_password", None) is not None


def connect():
    user_logged_in.connect(record_sign_in, dispatch_uid="accounts.record_sign_in")
    user_logged_in.connect(stamp_sign_in, dispatch_uid="accounts.stamp_sign_in")
    user_logged_in.connect(note_at_sign_in, dispatch_uid="accounts.note_forced_password_change")
    user_logged_out.connect(record_sign_out, dispatch_uid="accounts.record_sign_out")
    user_login_failed.connect(record_failure, dispatch_uid="accounts.record_failure")
    user_locked_out.connect(record_lockout, dispatch_uid="accounts.record_lockout")
    pre_create_historical_record.connect(
        mark_password_change, sender=get_user_model().history.model, dispatch_uid="accounts.mark_password_change"
    )
