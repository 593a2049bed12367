"""The lockout's failure limits: one per lockout group, where django-axes has one for all (AXES_HANDLER).

Three groups count the failed sign-ins within the cool-off (AXES_LOCKOUT_PARAMETERS):
- one username from one address: AXES_FAILURE_LIMIT (5), someone mistyping their own password;
- one address, whatever the usernames: LOCKOUT_ADDRESS_FAILURE_LIMIT (20), one machine spraying many accounts;
- one username, whatever the addresses: LOCKOUT_USERNAME_FAILURE_LIMIT (10), many machines guessing one account.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

PAIR, ADDRESS, USERNAME = "pair", "address", "username"


def group_name(parameters):
    """The lockout group an AXES_LOCKOUT_PARAMETERS entry stands for."""
    fields = {parameters} if isinstance(parameters, str) else set(parameters)
    if fields == {"ip_address"}:
        return ADDRESS
    if fields == {"username"}:
        return USERNAME
    return PAIR


def group_limit(group, pair_limit):
    if group == ADDRESS:
        return settings.LOCKOUT_ADDRESS_FAILURE_LIMIT
    if group == USERNAME:
        return settings.LOCKOUT_USERNAME_FAILURE_LIMIT
    return pair_limit


class GroupLimitsHandler(AxesDatabaseHandler):
    def failures_by_group(self, request, credentials=None):
        """[(group, failures within the cool-off, that group's limit)] in AXES_LOCKOUT_PARAMETERS' order."""
        pair_limit = get_failure_limit(request, credentials)
        groups = [group_name(parameters) for parameters in get_lockout_parameters(request, credentials)]
        counts = [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]
        return [(group, count, group_limit(group, pair_limit)) for group, count in zip(groups, counts, strict=True)]

    def locked_groups(self, request, credentials=None):
        return [group for group, count, limit in self.failures_by_group(request, credentials) if count >= limit]

    def get_failures(self, request, credentials=None):
        # Axes locks when this number reaches AXES_FAILURE_LIMIT. Each group's count is scaled to that limit, so the
        # number reaches it exactly when some group reaches its own limit: 20 failures from one address count as 5.
        pair_limit = get_failure_limit(request, credentials)
        return max(
            (count * pair_limit // limit for _, count, limit in self.failures_by_group(request, credentials)),
            default=0,
        )

    def reset_user_attempts(self, request, credentials=None):
        # A success clears the failures of that username from that address only. Axes' own reset clears every
        # group, which would let a spraying address wipe its count by signing in to an account of its own.
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username, ip_address=request.axes_ip_address).delete()
        return count
