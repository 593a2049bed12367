from django.conf import settings

from bureau.accounts.backends import UNREAD
from bureau.accounts.models import Notification
from bureau.navigation import nav_for, nav_menu
from bureau.roles import role_of


def portal(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "portal_name": settings.PORTAL_NAME,
        "portal_short_name": settings.PORTAL_SHORT_NAME,
        "user_role": role,
        "user_role_label": role.label if role else "",
        "nav_items": nav_menu(nav_for(user, request.path)) if role else [],
        "unread_notifications": _unread_count(user),
    }


def _unread_count(user):
    if not getattr(user, "is_authenticated", False):
        return 0
    read = getattr(user, UNREAD, None)  # read with the session's user (accounts.backends)
    if read is not None:
        return read
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
