"""The two directories a draw is made from, read from the registry as they stand: the inspection-object pool and
the officer roster. A draw stores both as snapshots (inspections.planning.models.Draw)."""

from datetime import timedelta

from django.db.models import Exists, OuterRef

from bureau.roles import Role
from enterprises.models import Enterprise
from inspections.planning.models import OfficerConflict, OfficerCredential

EMPTY_CRITERIA = {"towns": [], "industries": [], "categories": [], "grades": [], "recent_days": None}


def pool_queryset(criteria, today):
    """Enterprises matching the criteria, closed ones out, by credit code: the pool's order."""
    pool = Enterprise.objects.operating()
    if criteria["towns"]:
        pool = pool.filter(town__code__in=criteria["towns"])
    if criteria["industries"]:
        pool = pool.filter(industry__in=criteria["industries"])
    if criteria["grades"]:
        pool = pool.filter(grade__in=criteria["grades"])
    if criteria["categories"]:
        # EXISTS rather than a join, so an enterprise of two chosen categories is in the pool once.
        links = Enterprise.special_categories.through.objects.filter(
            enterprise=OuterRef("pk"), specialcategory__code__in=criteria["categories"]
        )
        pool = pool.filter(Exists(links))
    if criteria["recent_days"]:
        pool = pool.exclude(last_inspected_on__gt=today - timedelta(days=criteria["recent_days"]))
    return pool.order_by("credit_code")


def roster_credentials():
    """Who may be drawn: active inspectors with a certificate number, not on leave, by certificate number."""
    return (
        OfficerCredential.objects.filter(on_leave=False, user__is_active=True, user__groups__name=Role.INSPECTOR)
        .select_related("user")
        .order_by("certificate_number")
    )


def roster_snapshot(pool_ids):
    """The roster as a draw stores it, each officer with the credit codes of the pool's enterprises they must not
    inspect (declared conflicts with enterprises outside the pool do not matter to this draw)."""
    credentials = list(roster_credentials())
    in_pool = set(pool_ids)
    conflicts = {}
    rows = OfficerConflict.objects.filter(officer__in=[c.user_id for c in credentials]).values_list(
        "officer_id", "enterprise_id", "enterprise__credit_code"
    )
    for officer_id, enterprise_id, code in rows:
        if enterprise_id in in_pool:
            conflicts.setdefault(officer_id, []).append(code)
    return [
        {
            "certificate": c.certificate_number,
            "user_id": c.user_id,
            "name": c.user.first_name or c.user.username,
            "conflicts": sorted(conflicts.get(c.user_id, [])),
        }
        for c in credentials
    ]
