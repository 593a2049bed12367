"""The dossier's 企业账号 section: the enterprise's accounts and a password reset for each (staff and admins)."""

from django.contrib.auth import get_user_model

from bureau.accounts.permissions import can_manage_users


def accounts_section(request, enterprise):
    if not can_manage_users(request.user):
        return None
    accounts = get_user_model().objects.filter(enterprise_membership__enterprise=enterprise).order_by("username")
    return {"enterprise": enterprise, "accounts": list(accounts)}
