"""The lockout's client address behind the proxy, and the page a locked-out sign-in gets: in Chinese, saying when
to try again."""

import ipaddress

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone

from bureau.accounts.lockout_handler import PAIR, GroupLimitsHandler, group_limit


def lockout_response(request, original_response=None, credentials=None):
    # Every attempt while locked starts the cool-off again (axes' default), so it ends a full cool-off from now.
    cool_off = get_cool_off(request)
    lock, failure_limit = _lock(request, credentials)
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "username": get_client_username(request, credentials) or "",
            "lock": lock,
            "failure_limit": failure_limit,
            "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
            "retry_at": timezone.localtime() + cool_off if cool_off else None,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def _lock(request, credentials):
    """Which lock applies (the first of: this username from this address, this address, this username) and its
    limit, for the page to say the right thing."""
    pair_limit = get_failure_limit(request, credentials)
    handler = GroupLimitsHandler()
    locked = handler.locked_groups(request, credentials) if hasattr(request, "axes_attempt_time") else []
    lock = locked[0] if locked else PAIR
    return lock, group_limit(lock, pair_limit)


def client_ip(request):
    """The client's address, for the lockout (AXES_CLIENT_IP_CALLABLE when BEHIND_PROXY=1) and the sign-in trail.

    Behind nginx every request comes from the proxy: REMOTE_ADDR is the proxy's address, the same for everyone. nginx
    sets X-Forwarded-For to the address it was connected from (deploy/nginx/anjian.conf), replacing whatever the client
    sent. So the header is believed only on a request from a trusted proxy (TRUSTED_PROXIES), and of a chain only the
    last address, the one the proxy nearest to us wrote; anything else is the connection's own address.
    """
    remote = request.META.get("REMOTE_ADDR")
    if _is_trusted_proxy(remote):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        try:
            return str(ipaddress.ip_address(forwarded))
        except ValueError:
            pass  # no header, or not an address: fall back to the connection's
    return remote


def _is_trusted_proxy(address):
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(proxy, strict=False) for proxy in getattr(settings, "TRUSTED_PROXIES", ()))
