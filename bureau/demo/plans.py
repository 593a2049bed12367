"""The demo's yearly supervision plan: this year's, approved by staff (a newcomer opens /plans/ and finds it), with
the year's draws under it — the one bureau.demo.draws runs this month and an earlier one of the yellow enterprises,
a few of whose drawn enterprises their pairs have already inspected (so progress and the tasks show both states)."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from enterprises.models import RiskGrade
from inspections.inspection.models import InspectionKind
from inspections.inspection.services import inspection_record
from inspections.planning.models import Draw
from inspections.planning.plan_models import PlanGroup, PlanMethod, SupervisionPlan
from inspections.planning.plan_services import plan_approve, plan_save
from inspections.planning.services import draw_prepare, draw_run

INSPECTED_OF_THE_SECOND_DRAW = 3


def _lines(today):
    # The general inspections are drawn in the months of the year's draws, and twice more later in the year.
    months = sorted({max(1, today.month - 1), today.month, 6, 11})
    return {
        PlanGroup.KEY_SUPERVISION: (PlanMethod.KEY, None, []),
        PlanGroup.RED: (PlanMethod.KEY, None, []),
        PlanGroup.YELLOW: (PlanMethod.GENERAL, Decimal("10"), months),
        PlanGroup.BLUE: (PlanMethod.GENERAL, Decimal("5"), months),
        PlanGroup.GREEN: (PlanMethod.GENERAL, Decimal("5"), months),
        PlanGroup.UNGRADED: (PlanMethod.GENERAL, Decimal("5"), months),
    }


def _second_draw(staff, today):
    """The yellow enterprises' draw (the plan's other general group), inspected in part by their pairs."""
    draw = draw_prepare(
        title=f"{today.year}年{today.month}月双随机抽查（黄色等级企业）",
        year=today.year,
        month=today.month,
        criteria={"grades": [RiskGrade.YELLOW.value]},
        ratio_percent=Decimal(10),
        actor=staff,
    )
    draw_run(draw=draw, actor=staff)
    for drawn in draw.drawn.select_related("officer_1", "officer_2")[:INSPECTED_OF_THE_SECOND_DRAW]:
        if drawn.officer_1 is None or drawn.officer_2 is None:
            continue
        inspection_record(
            enterprise=drawn.enterprise,
            date=today,
            inspectors=[drawn.officer_1, drawn.officer_2],
            kind=InspectionKind.RANDOM,
            summary="双随机抽查：现场检查未发现重大隐患。",
            actor=drawn.officer_1,
        )


def seed_plan(*, today=None):
    """Once: this year's plan, approved by staff, and a second draw of the year when there is only one."""
    today = today or timezone.localdate()
    if SupervisionPlan.objects.filter(year=today.year).exists():
        return
    staff = get_user_model().objects.get(username="staff")
    plan = plan_save(
        year=today.year,
        title="安全生产监督检查计划",
        capacity_per_officer=20,
        repeat_days=30,
        lines=_lines(today),
        actor=staff,
    )
    if Draw.objects.filter(year=today.year).count() == 1:
        _second_draw(staff, today)
    plan_approve(plan=plan, actor=staff)
