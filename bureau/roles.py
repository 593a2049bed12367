"""The five roles of the portal. Each is a Django group named by its code.

Kernel: every app asks who a user acts as, so this reads nothing but Django's auth (layer 0, below grids and
accounts alike)."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    STAFF = "staff", "局机关"
    INSPECTOR = "inspector", "执法人员"
    GRID_OFFICER = "grid_officer", "网格责任人"
    ENTERPRISE = "enterprise", "企业用户"


# A user in several groups acts in the widest of them.
PRIORITY = [Role.ADMIN, Role.STAFF, Role.INSPECTOR, Role.GRID_OFFICER, Role.ENTERPRISE]
BUREAU_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.INSPECTOR})


def role_of(user):
    """The role a user acts in, or None for anonymous users and users with no role."""
    if not getattr(user, "is_authenticated", False):
        return None
    if "_portal_role" not in user.__dict__:
        if user.is_superuser:
            role = Role.ADMIN
        else:
            names = set(user.groups.values_list("name", flat=True))
            role = next((r for r in PRIORITY if r.value in names), None)
        user.__dict__["_portal_role"] = role
    return user.__dict__["_portal_role"]


def is_bureau(user):
    """Admins, bureau staff and inspectors see every enterprise."""
    return role_of(user) in BUREAU_ROLES


def active_users(*roles):
    """The active users holding any of `roles`, by username: who may be chosen as an officer, a co-signer…"""
    users = get_user_model().objects.filter(groups__name__in=roles, is_active=True)
    return (users.distinct() if len(roles) > 1 else users).order_by("username")


def require(allowed, what):
    """Refuse (403) what the user's role may not do; `what` names the action: 您的角色不能<what>。
    The rule itself (`allowed`) comes from the app's permissions module."""
    if not allowed:
        raise PermissionDenied(f"您的角色不能{what}。")


def is_admin(user):
    """Admins alone read the audit pages (change trail, sign-in records)."""
    return role_of(user) == Role.ADMIN
