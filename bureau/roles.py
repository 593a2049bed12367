"""The five roles of the portal. Each is a Django group named by its code.

Kernel: every app asks who a user acts as, so this reads nothing but Django's auth (layer 0, below grids and
accounts alike)."""

from contextlib import suppress

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    STAFF = "staff", "局机关"
    INSPECTOR = "inspector", "执法人员"
    GRID_OFFICER = "grid_officer", "网格责任人"
    ENTERPRISE = "enterprise", "企业用户"


# A user in several groups acts in the widest of them.
PRIORITY = [Role.ADMIN, Role.STAFF, Role.INSPECTOR, Role.GRID_OFFICER, Role.ENTERPRISE]
BUREAU_ROLES = frozenset({Role.ADMIN, Role.STAFF, Role.INSPECTOR})


# The attribute under which the session's user is read with its role (role_annotation(), bureau.accounts.backends).
ROLE_READ = "portal_role"


def role_of(user):
    """The role a user acts in, or None for anonymous users and users with no role."""
    if not getattr(user, "is_authenticated", False):
        return None
    if "_portal_role" not in user.__dict__:
        read = getattr(user, ROLE_READ, None)  # through request.user's lazy wrapper, as every attribute
        if user.is_superuser:
            role = Role.ADMIN
        elif read is not None:
            role = Role(read) if read else None
        else:
            names = set(user.groups.values_list("name", flat=True))
            role = next((r for r in PRIORITY if r.value in names), None)
        user.__dict__["_portal_role"] = role
    return user.__dict__["_portal_role"]


def role_annotation():
    """role_of()'s rule as an expression over the user's row, so the user of each request is read with its role in
    one query (bureau.accounts.backends): the name of the user's widest role group ("" for none; role_of() gives a
    superuser ADMIN whatever it reads). One subquery ordered by the roles' PRIORITY: cheaper to plan than an EXISTS
    for each role."""
    memberships = get_user_model().groups.through.objects.filter(user_id=OuterRef("pk"))
    rank = Case(
        *[When(group__name=role.value, then=Value(i)) for i, role in enumerate(PRIORITY)], default=len(PRIORITY)
    )
    widest = memberships.filter(group__name__in=[role.value for role in PRIORITY]).order_by(rank)
    return Coalesce(Subquery(widest.values("group__name")[:1]), Value(""))


def forget_role(user):
    """After changing `user`'s groups: role_of() reads them again."""
    user.__dict__.pop("_portal_role", None)
    with suppress(AttributeError):
        delattr(user, ROLE_READ)


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
