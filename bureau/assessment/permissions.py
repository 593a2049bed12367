"""Who sees the quarterly assessment and who may act on it: the one place its views ask."""

from bureau.assessment.models import Bulletin
from bureau.roles import Role, role_of

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


def visible_bulletins(user):
    """Staff see drafts too; everyone else who may see rankings sees published bulletins only (a draft is a 404)."""
    bulletins = Bulletin.objects.select_related("ranking")
    if can_manage_assessment(user):
        return bulletins
    return bulletins.filter(status=Bulletin.Status.PUBLISHED)
