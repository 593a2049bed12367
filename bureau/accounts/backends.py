"""The user of each request read in one query with what every page asks of it.

Every signed-in page asks who the user acts as (bureau.roles.role_of: their groups) and how many notices they have
not read (the navigation bar's bell): two queries on top of the user's own, on every page. Here the session's user
is read with both as annotations. A user obtained any other way (a script, a test's object) is asked as before."""

from contextlib import suppress
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce

from bureau.accounts.models import Notification
from bureau.roles import ROLE_READ, role_annotation

# The unread count read with the user: the navigation bar's bell (context_processors) shows it, and the writers of
# the user's notices forget it (forget_unread).
UNREAD = "unread_notices"


def forget_unread(user):
    """After writing `user`'s notices: the bell counts them again. Through request.user's lazy wrapper too."""
    with suppress(AttributeError):
        delattr(user, UNREAD)


def unread_annotation():
    unread = (
        Notification.objects.filter(user=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(unread, output_field=IntegerField()), 0)


class PortalBackend(ModelBackend):
    """Django's ModelBackend (username and password); the session's user comes with its role and unread count."""

    def get_user(self, user_id):
        model = get_user_model()
        users = model._default_manager
        sql, params, at = _user_query(connections[router.db_for_read(model)].vendor)
        params = [*params[:at], user_id, *params[at + 1 :]]
        user = next(iter(users.raw(sql, params)), None)
        return user if user is not None and self.user_can_authenticate(user) else None


# A user id no user has: where the compiled query's parameters hold it, the session's user id goes.
_NO_USER = -7_302_215


@lru_cache(maxsize=4)
def _user_query(vendor):
    """The SQL of the user read with its role and unread count, compiled once a process: compiling the role's six
    EXISTS and the count (about a millisecond) on every request cost more than the two queries it saves."""
    model = get_user_model()
    users = model._default_manager.annotate(**{ROLE_READ: role_annotation(), UNREAD: unread_annotation()})
    alias = next(a for a in connections if connections[a].vendor == vendor)
    sql, params = users.filter(pk=_NO_USER).query.get_compiler(alias).as_sql()
    return sql, tuple(params), params.index(_NO_USER)
