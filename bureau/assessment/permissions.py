"""Who sees the quarterly assessment and who may act on it: the one place its views ask."""

from bureau.assessment.models import Bulletin
from bureau.roles import Role, role_of
from enterprises.permissions import visible_enterprises

VIEWERS = frozenset({Role.ADMIN, Role.STAFF, Role.INSPECTOR, Role.GRID_OFFICER})
BUREAU = frozenset({Role.ADMIN, Role.STAFF, Role.INSPECTOR})
# What a ranking page shows in place of an enterprise its viewer may not see.
OUTSIDE_ENTERPRISE = "辖区外企业"


def can_see_rankings(user):
    """Rankings and published bulletins: the bureau and the towns' grid officers, never enterprise users."""
    return role_of(user) in VIEWERS


def can_manage_assessment(user):
    """Computing rankings, pre-deductions, restorations, bulletins: bureau staff only (as the services require)."""
    return role_of(user) == Role.STAFF


def visible_bulletins(user):
    """Staff see drafts too; everyone else who may see rankings sees published bulletins only (a draft is a 404)."""
    bulletins = Bulletin.objects.select_related("ranking")
    if can_manage_assessment(user):
        return bulletins
    return bulletins.filter(status=Bulletin.Status.PUBLISHED)


def enterprises_detailed(user, enterprise_ids):
    """Of `enterprise_ids`, those whose details (name, dossier link, what happened there) the assessment's pages may
    show this user. The towns' scores and counts are every viewer's; which enterprise stands behind a figure is the
    bureau's, and a grid officer's only inside the cells they hold (enterprises.permissions.visible_enterprises):
    the one rule for every enterprise-level row of a ranking page."""
    wanted = {pk for pk in enterprise_ids if pk is not None}
    if role_of(user) in BUREAU:
        return wanted
    if not wanted:
        return set()
    return set(visible_enterprises(user).filter(pk__in=wanted).values_list("pk", flat=True))
