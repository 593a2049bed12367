"""Writes on accounts composed of a user, its enterprise and its cells: each in one transaction."""

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from simple_history.utils import bulk_create_with_history

from bureau.accounts.models import Profile
from bureau.accounts.passwords import one_time_hash, one_time_password
from bureau.accounts.permissions import can_manage_user, can_manage_users
from bureau.accounts.services import ensure_role_groups, password_reset, user_create, user_update
from bureau.roles import Role, require, role_of
from enterprises.models import EnterpriseMembership, EnterpriseStatus
from enterprises.services import enterprise_user_create
from grids.models import GridAssignment

# One-time passwords are hashed with fewer iterations (bureau.accounts.passwords.one_time_hash, ~4.5 ms each),
# so a town of ~1,000 enterprises is issued in one press within seconds. A request is killed after 60 s
# (gunicorn's timeout): a filter wider than a town (the whole city) is issued this many at a time, and the page
# says how many remain (the same filter submitted again issues the next ones; those with an account are skipped).
ISSUE_BATCH = 2000


def hash_all(passwords):
    """The hashes of one-time `passwords`, in threads: hashlib's PBKDF2 releases the GIL, so the hashing runs on
    every core (the hashing is most of an issue's time)."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        return list(pool.map(one_time_hash, passwords))


@transaction.atomic
def account_create(*, username, password, role, name="", phone="", enterprise=None, actor):
    """A user in one role, made by staff or an admin; an enterprise user with its enterprise. The password the
    creator typed is changed at the user's first sign-in."""
    if Role(role) == Role.ENTERPRISE:
        return enterprise_user_create(
            username=username,
            password=password,
            enterprise=enterprise,
            name=name,
            phone=phone,
            actor=actor,
            must_change_password=True,
        )
    return user_create(
        username=username, password=password, role=role, name=name, phone=phone, actor=actor, must_change_password=True
    )


@transaction.atomic
def account_update(*, user, name, phone, role, is_active, enterprise=None, actor):
    """Change a user; an enterprise user's enterprise too. An enterprise account stays one (its records are its
    enterprise's) and another account does not become one; a grid officer holding cells keeps the role until its
    terms are ended on the grid page."""
    require(can_manage_user(actor, user), "修改该用户")
    role, current = Role(role), role_of(user)
    if (role == Role.ENTERPRISE) != (current == Role.ENTERPRISE):
        raise ValidationError({"role": "企业用户与其他角色之间不能互相转换，请另建账号。"})
    if current == Role.GRID_OFFICER and role != current and GridAssignment.objects.current().filter(user=user).exists():
        raise ValidationError({"role": "该网格责任人仍有在任网格，请先在网格页面结束其任期。"})
    user_update(user=user, name=name, phone=phone, role=role, is_active=is_active, actor=actor)
    if role == Role.ENTERPRISE:
        if enterprise is None:
            raise ValidationError({"enterprise": "企业用户必须指定所属企业。"})
        membership = EnterpriseMembership.objects.filter(user=user).first() or EnterpriseMembership(user=user)
        if membership.pk is None or membership.enterprise_id != enterprise.pk:
            membership.enterprise = enterprise
            membership.full_clean()
            membership.save()
    return user


@dataclass
class Letter:
    """One enterprise's account letter: printed once, never stored (the password is kept only as its hash)."""

    enterprise_name: str
    credit_code: str
    username: str
    password: str


@dataclass
class Issued:
    letters: list
    skipped: int  # already had an account, or its credit code is already someone's username
    closed: int  # 关闭取缔: no account for them
    remaining: int = 0  # beyond this issue's batch: the same filter again issues them


def _candidates(enterprises):
    has_account = Exists(EnterpriseMembership.objects.filter(enterprise=OuterRef("pk")))
    rows = enterprises.annotate(has_account=has_account).order_by("town__code", "name", "pk")
    return list(rows.values("pk", "name", "credit_code", "status", "has_account"))


@transaction.atomic
def enterprise_accounts_issue(*, enterprises, actor):
    """An account for each enterprise of `enterprises` (a queryset) without one: username = its credit code, a
    one-time password to change at first sign-in. Enterprises with an account are skipped and counted, closed ones
    too. A bounded number of queries whatever the count (bulk inserts); the hashing is what takes the time."""
    require(can_manage_users(actor), "开通企业账号")
    User = get_user_model()
    rows = _candidates(enterprises)
    closed = sum(1 for r in rows if r["status"] == EnterpriseStatus.CLOSED)
    open_rows = [r for r in rows if r["status"] != EnterpriseStatus.CLOSED]
    taken = set(
        User.objects.filter(username__in=[r["credit_code"] for r in open_rows]).values_list("username", flat=True)
    )
    to_issue = [r for r in open_rows if not r["has_account"] and r["credit_code"] not in taken]
    remaining = max(len(to_issue) - ISSUE_BATCH, 0)
    to_issue = to_issue[:ISSUE_BATCH]
    passwords = [one_time_password() for _ in to_issue]
    hashes = hash_all(passwords)
    users = [User(username=r["credit_code"], password=h) for r, h in zip(to_issue, hashes, strict=True)]
    try:
        with transaction.atomic():
            users = bulk_create_with_history(users, User, batch_size=500, default_user=actor)
    except IntegrityError:
        raise ValidationError("有其他人同时为其中的企业开通了账号，未作任何修改，请重新开通。") from None
    bulk_create_with_history(
        [Profile(user=u, must_change_password=True) for u in users], Profile, batch_size=500, default_user=actor
    )
    group = ensure_role_groups()[Role.ENTERPRISE]
    User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=group.pk) for u in users])
    memberships = [EnterpriseMembership(user=u, enterprise_id=r["pk"]) for u, r in zip(users, to_issue, strict=True)]
    bulk_create_with_history(memberships, EnterpriseMembership, batch_size=500, default_user=actor)
    letters = [
        Letter(r["name"], r["credit_code"], r["credit_code"], p) for r, p in zip(to_issue, passwords, strict=True)
    ]
    skipped = len(open_rows) - len(to_issue) - remaining
    return Issued(letters=letters, skipped=skipped, closed=closed, remaining=remaining)


@transaction.atomic
def enterprise_password_reset(*, enterprise, user, actor):
    """A new one-time password for one of `enterprise`'s accounts (from its dossier): its letter."""
    require(can_manage_users(actor), "重置企业账号密码")
    if not EnterpriseMembership.objects.filter(enterprise=enterprise, user=user).exists():
        raise ValidationError("该账号不属于此企业。")
    if not user.is_active:
        raise ValidationError("该账号已停用，不能重置密码。")
    password = password_reset(user=user, actor=actor)
    return Letter(enterprise.name, enterprise.credit_code, user.username, password)
