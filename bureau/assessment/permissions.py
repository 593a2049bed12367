"""Who sees the quarterly assessment and who may act on it: the one place its views ask."""

from bureau.accounts.roles import Role, role_of

VIEWERS = frozenset({Role.ADMIN, Role.STAFF, Role.INSPECTOR, Role.GRID_OFFICER})


def can_see_rankings(user):
    """Rankings and published bulletins: the bureau and the towns' grid officers, never enterprise users."""
    return role_of(user) in VIEWERS


def can_manage_assessment(user):
    """Computing rankings, pre-deductions, restorations, bulletins: bureau staff only (as the services require)."""
    return role_of(user) == Role.STAFF


def can_record_accidents(user):
    return role_of(user) in (Role.STAFF, Role.INSPECTOR)


def can_see_accountability(user):
    return role_of(user) in (Role.ADMIN, Role.STAFF, Role.INSPECTOR)
