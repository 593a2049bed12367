"""The page a locked-out sign-in gets: in Chinese, saying when to try again."""

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone


def lockout_response(request, original_response=None, credentials=None):
    # Every attempt while locked starts the cool-off again (axes' default), so it ends a full cool-off from now.
    cool_off = get_cool_off(request)
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {
            "username": get_client_username(request, credentials) or "",
            "failure_limit": get_failure_limit(request, credentials),
            "cool_off_minutes": int(cool_off.total_seconds() // 60) if cool_off else None,
            "retry_at": timezone.localtime() + cool_off if cool_off else None,
        },
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
