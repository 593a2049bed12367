from django.conf import settings

from bureau.accounts.roles import role_of
from bureau.navigation import nav_for


def portal(request):
    user = getattr(request, "user", None)
    role = role_of(user) if user is not None else None
    return {
        "portal_name": settings.PORTAL_NAME,
        "user_role": role,
        "user_role_label": role.label if role else "",
        "nav_items": nav_for(user, request.path) if role else [],
    }
