from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator

from bureau.accounts.backends import forget_unread
from bureau.accounts.models import Profile
from bureau.accounts.passwords import one_time_password
from bureau.accounts.permissions import can_grant, can_manage_user, can_manage_users
from bureau.once import AlreadyDone
from bureau.roles import Role, forget_role, require, role_of
from bureau.text import CONTROLS_MESSAGE, has_controls, strip_controls


def ensure_role_groups():
    """Create the five role groups if they are missing; returns them by role."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


@transaction.atomic
def user_create(
    *, username, password, role, name="", phone="", check_password=True, actor=None, must_change_password=False
):
    """Create a user in one role with its profile. An enterprise user is made by
    enterprises.services.enterprise_user_create, which adds its enterprise; a grid officer holds the cells
    grids.services.grid_assign gives it.

    `actor` None is the system itself (create_admin, the demo seed): there is no user to ask."""
    role = Role(role)
    if actor is not None:
        require(can_manage_users(actor), "创建用户")
        require(can_grant(actor, role), f"创建{role.label}")
    profile = Profile(phone=phone, must_change_password=must_change_password)
    User = get_user_model()
    user = User(username=username, first_name=name, is_staff=role == Role.ADMIN)
    # first_name is auth.User's, whose validators are Django's: a name and a phone are checked here.
    _check_text(first_name=name, phone=phone)
    if check_password:
        validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    if role == Role.ADMIN:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    user.groups.add(ensure_role_groups()[role])
    profile.user = user
    profile.full_clean()
    profile.save()
    return user


def _check_text(**values):
    for field, value in values.items():
        if has_controls(value):
            raise ValidationError({field: CONTROLS_MESSAGE})


def _set_role(user, role):
    """The user's one role group, and Django's admin flags that go with the admin role."""
    groups = ensure_role_groups()
    user.is_staff = user.is_superuser = role == Role.ADMIN
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.set([groups[role]])
    forget_role(user)


@transaction.atomic
def user_update(*, user, name, phone, role, is_active, actor):
    """Change a user's name, phone, role and whether it may sign in (staff and admins; only an admin touches an
    admin or makes one). Nobody demotes or deactivates themselves: the portal must keep someone able to manage it.
    A save that changes nothing writes nothing (no history row)."""
    require(can_manage_user(actor, user), "修改该用户")
    role = Role(role)
    require(can_grant(actor, role), f"授予{role.label}角色")
    _check_text(first_name=name, phone=phone)
    if user.pk == actor.pk and (role != role_of(user) or not is_active):
        raise ValidationError("不能更改自己的角色或停用自己的账号。")
    if (user.first_name, user.is_active) != (name, is_active):
        user.first_name, user.is_active = name, is_active
        user.full_clean()
        user.save(update_fields=["first_name", "is_active"])
    if role != role_of(user):
        _set_role(user, role)
    profile = profile_of(user) or Profile(user=user)
    if profile.pk is None or profile.phone != phone:
        profile.phone = phone
        profile.full_clean()
        profile.save()
    return user


@transaction.atomic
def user_deactivate(*, user, actor):
    """Stop a user signing in (its history and records stay). A second click is told it is done already."""
    require(can_manage_user(actor, user), "停用该用户")
    if user.pk == actor.pk:
        raise ValidationError("不能停用自己的账号。")
    if not type(user).objects.filter(pk=user.pk, is_active=True).exists():
        raise AlreadyDone("该账号已停用。")
    user.is_active = False
    user.save(update_fields=["is_active"])
    return user


@transaction.atomic
def password_reset(*, user, actor):
    """Give the user a new one-time password, to be changed at the next sign-in; returns it (shown once, stored
    only as its hash). The user's other sessions end (Django's session hash follows the password)."""
    require(can_manage_user(actor, user), "重置该用户的密码")
    password = one_time_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    Profile.objects.update_or_create(user=user, defaults={"must_change_password": True})
    return password


def profile_of(user):
    """The user's profile, or None when it has none (e.g. a bare superuser)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return None


def notify(*, user, key, message, url=""):
    """Notify `user` once per `key`; returns True when this call created the notice."""
    from bureau.accounts.models import Notification

    # A notice quotes what someone typed (a reason of any length); the full text stays on the page it links to.
    limit = Notification._meta.get_field("message").max_length
    assert limit is not None  # a CharField has one; mypy only knows the Field type
    message = Truncator(strip_controls(message)).chars(limit)
    _, created = Notification.objects.get_or_create(user=user, key=key, defaults={"message": message, "url": url})
    forget_unread(user)
    return created


def notifications_mark_read(*, user, ids=None):
    """Mark the user's notices read (all, or those in `ids`); returns how many changed."""
    from django.utils import timezone

    from bureau.accounts.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    forget_unread(user)
    return unread.update(read_at=timezone.now())
