"""The demo's public pages (一公开): the first run draw's first drawn enterprises inspected by their drawn pairs —
one 合格, one 责令整改 (a hazard found), one 立案处罚 (a case filed from the inspection) — and the draw published,
so /public/ shows a draw with its results. The penalty decisions of /public/penalties/ are bureau.demo.inspections'."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from bureau.demo.procedure import case_in_progress
from hazards.models import Hazard, HazardOrigin
from hazards.services import hazard_report
from inspections.enforcement.services import case_open
from inspections.inspection.services import inspection_record
from inspections.planning.models import Draw
from inspections.planning.publication import draw_publish


def seed_draw_results(*, today=None):
    """Once: the results of three drawn inspections, and the draw published."""
    today = today or timezone.localdate()
    # Once: a later run draw (the plan's) stays unpublished, and a second seed must not give it results and a case.
    if Draw.objects.filter(publication__isnull=False).exists():
        return
    draw = Draw.objects.filter(run__isnull=False, publication__isnull=True).order_by("pk").first()
    if draw is None:
        return
    drawn = list(draw.drawn.filter(officer_1__isnull=False).select_related("enterprise", "officer_1", "officer_2")[:3])
    for outcome, row in zip(("passed", "ordered", "case"), drawn, strict=False):
        pair = [row.officer_1, row.officer_2]
        visit = inspection_record(enterprise=row.enterprise, date=today, inspectors=pair, actor=row.officer_1)
        if outcome == "ordered":
            visit.hazards.add(_hazard(row, today))
        elif outcome == "case":
            case = case_open(
                enterprise=row.enterprise,
                title=f"{row.enterprise.name}未按规定开展安全生产教育培训案",
                actor=row.officer_1,
                co_signer=row.officer_2,
                inspection=visit,
                facts="双随机抽查发现：未按规定对新进从业人员进行安全生产教育和培训。",
            )
            case_in_progress(case, row.officer_1, row.officer_2, today)
    draw_publish(draw=draw, actor=get_user_model().objects.get(username="staff"))


def _hazard(row, today):
    hazard = Hazard(
        enterprise=row.enterprise,
        source=HazardOrigin.INSPECTION,
        found_on=today,
        location="生产车间",
        description="安全出口被货物堵塞",
        category="site",
        subcategory="equipment",
        level="general",
        rectification_deadline=today + timedelta(days=15),
        responsible_person="企业安全负责人",
    )
    return hazard_report(hazard=hazard, actor=row.officer_1)
