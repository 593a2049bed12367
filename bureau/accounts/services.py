from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import Truncator

from bureau.accounts.models import Profile
from bureau.accounts.permissions import can_manage_users
from bureau.roles import Role, require
from bureau.text import CONTROLS_MESSAGE, has_controls, strip_controls


def ensure_role_groups():
    """Create the five role groups if they are missing; returns them by role."""
    return {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}


@transaction.atomic
def user_create(*, username, password, role, name="", phone="", check_password=True, actor=None):
    """Create a user in one role with its profile. An enterprise user is made by
    enterprises.services.enterprise_user_create, which adds its enterprise; a grid officer holds the cells
    grids.services.grid_assign gives it.

    `actor` None is the system itself (create_admin, the demo seed): there is no user to ask."""
    if actor is not None:
        require(can_manage_users(actor), "创建用户")
    role = Role(role)
    profile = Profile(phone=phone)
    User = get_user_model()
    user = User(username=username, first_name=name, is_staff=role == Role.ADMIN)
    # first_name is auth.User's, whose validators are Django's: a name and a phone are checked here.
    for field, value in (("first_name", name), ("phone", phone)):
        if has_controls(value):
            raise ValidationError({field: CONTROLS_MESSAGE})
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
    return created


def notifications_mark_read(*, user, ids=None):
    """Mark the user's notices read (all, or those in `ids`); returns how many changed."""
    from django.utils import timezone

    from bureau.accounts.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())
