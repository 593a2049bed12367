"""The demo's 双随机 roster and one run draw: every demo inspector with an enforcement certificate number, one on
leave, one declared conflict, and this month's general inspections drawn at 5 % of the blue and green enterprises
not inspected in the last 90 days."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from bureau.roles import Role
from enterprises.models import Enterprise, RiskGrade
from inspections.planning.models import Draw, OfficerConflict, OfficerCredential
from inspections.planning.services import draw_prepare, draw_run

CERTIFICATE_PREFIX = "33038120"
STORY_INSPECTORS = 5  # bureau.demo.inspections: inspector, inspector2 and three more


def seed_roster():
    """Certificate numbers for every inspector, by username; returns them in that order."""
    User = get_user_model()
    inspectors = list(User.objects.filter(groups__name=Role.INSPECTOR).order_by("username"))
    for n, user in enumerate(inspectors, start=1):
        # At the larger scales the volume's inspectors (zf…) follow; the last of them is on leave.
        on_leave = len(inspectors) > STORY_INSPECTORS and n == len(inspectors)
        OfficerCredential.objects.get_or_create(
            user=user, defaults={"certificate_number": f"{CERTIFICATE_PREFIX}{n:04d}", "on_leave": on_leave}
        )
    return inspectors


def seed_draws(*, today=None):
    """The roster and, once, a run draw (its seed is fresh each time the demo is made: verify it with
    `manage.py draw_verify <id>`)."""
    today = today or timezone.localdate()
    inspectors = seed_roster()
    if Draw.objects.exists() or len(inspectors) < 2:
        return
    staff = get_user_model().objects.get(username="staff")
    # inspector2 declared a conflict with the first blue enterprise: a relative works there (回避).
    conflicted = Enterprise.objects.operating().filter(grade=RiskGrade.BLUE).order_by("credit_code").first()
    second = next((u for u in inspectors if u.username == "inspector2"), None)
    if conflicted is not None and second is not None:
        OfficerConflict.objects.get_or_create(
            officer=second, enterprise=conflicted, defaults={"reason": "近亲属在该企业任职", "declared_on": today}
        )
    draw = draw_prepare(
        title=f"{today.year}年{today.month}月双随机抽查（一般检查）",
        year=today.year,
        month=today.month,
        criteria={"grades": [RiskGrade.BLUE.value, RiskGrade.GREEN.value], "recent_days": 90},
        ratio_percent=Decimal(5),
        actor=staff,
    )
    draw_run(draw=draw, actor=staff)
