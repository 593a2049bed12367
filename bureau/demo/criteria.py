"""Demo: an inspector's checklist on a dust-related (涉尘) enterprise fails the item that mirrors 第十一条（三） of the
工贸 criteria (干式除尘系统未采取泄爆、惰化、抑爆等爆炸防控措施): the hazard is major on its own, with that
criterion and the treatment plan the inspectors recorded. Walked through the real services; dated today, so the
seed's 数字轨迹 (January to August) is unchanged."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from enterprises.models import Enterprise, Industry
from hazards.criteria import criteria_for
from hazards.models import Hazard
from inspections.inspection.models import InspectionCheck
from inspections.inspection.services import checklist_items_for, inspection_record, inspection_record_checks

CRITERION = "gm2023-11-3"
PLAN = {
    "plan_objectives": "消除干式除尘系统未采取爆炸防控措施的重大事故隐患，除尘系统达到粉尘防爆安全要求。",
    "plan_methods": "停用该除尘系统，委托专业单位设计并加装泄爆装置和隔爆阀，完成后组织验收。",
    "plan_funds_materials": "企业自筹资金 8 万元；泄爆片、隔爆阀由供应商 10 日内到货。",
    "plan_organization": "企业主要负责人牵头，设备科负责实施，专职安全员全程监督。",
    "plan_timeline": "30 日内完成改造并申请复查。",
    "plan_safety_measures": "改造期间相关工段停产，清理作业现场积尘，现场配备灭火器材，落实粉尘爆炸应急处置方案。",
}


def _dust_enterprise():
    """The first operating 涉尘 foundry of the registry the criterion applies to (not a named demo enterprise: their
    users' pages tell stories of their own)."""
    dusty = Enterprise.objects.operating().filter(special_categories__code="dust", memberships__isnull=True)
    candidates = dusty.filter(industry=Industry.FOUNDRY).order_by("pk")
    for enterprise in [*candidates[:20], *dusty.order_by("pk")[:20]]:
        if criteria_for(enterprise).filter(code=CRITERION).exists():
            return enterprise
    return None


def seed_criterion_hazards(*, today=None):
    """One inspector-recorded major hazard matched to a criterion (idempotent: skipped once one exists)."""
    if Hazard.objects.filter(criterion__isnull=False).exists():
        return None
    enterprise = _dust_enterprise()
    if enterprise is None:
        return None
    User = get_user_model()
    lead, second = User.objects.get(username="inspector"), User.objects.get(username="inspector2")
    today = today or timezone.localdate()
    inspection = inspection_record(
        enterprise=enterprise,
        date=today,
        inspectors=[lead, second],
        actor=lead,
        summary="粉尘防爆专项检查：干式除尘系统未设置泄爆、隔爆等措施，判定为重大事故隐患。",
    )
    results = []
    for item in checklist_items_for(enterprise).select_related("criterion"):
        failed = item.criterion is not None and item.criterion.code == CRITERION
        result = InspectionCheck.Result.FAILED if failed else InspectionCheck.Result.PASSED
        results.append((item, result, "打磨车间干式除尘器无泄爆口、无隔爆阀" if failed else "", None))
    inspection_record_checks(
        inspection=inspection,
        results=results,
        actor=lead,
        rectification_deadline=today + timedelta(days=30),
        responsible_person="企业主要负责人",
        plan=PLAN,
    )
    return inspection
