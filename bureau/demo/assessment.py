"""Demo data of the quarterly assessment, on top of the registry, hazards and enforcement already seeded:
accidents in the last quarter (one reported late), pre-deductions, the rankings of the three quarters before
the last (computed from the records, oldest first so changes show), the newest one's bulletin published and a
draft of the one before. The quarter just ended is left unranked, with its accidents and pre-deductions in place:
ranking it and publishing its bulletin is the demo staff's to do.

Idempotent: each part is skipped when its records are already there.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from bureau.assessment.bulletins import bulletin_draft
from bureau.assessment.models import Bulletin, PreDeduction, Ranking
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import bulletin_publish, pre_deduction_create, restoration_approve
from bureau.demo.dating import at
from bureau.quarters import Quarter
from enterprises.models import Enterprise
from grids.models import GridCell
from inspections.accidents.models import Accident, AccidentKind
from inspections.accidents.services import accident_report

ACCIDENTS = [
    # (days into the quarter, hour, deaths, injuries, type, minutes until reported, summary)
    (23, 9, 1, 0, AccidentKind.POISONING, 40, "员工进入污水池清理时未检测气体，发生中毒窒息事故，1人死亡。"),
    # Reported after the hour: the demo's 迟报.
    (58, 14, 0, 2, AccidentKind.MACHINERY, 150, "冲压设备安全防护装置失效，发生机械伤害事故，2人受伤。"),
]
PRE_DEDUCTIONS = [
    (Decimal("3"), "上季度网格责任人落实率低于 90%，未按期整改。"),
    (Decimal("2"), "上季度逾期未整改重大事故隐患未督促销号。"),
    (Decimal("2"), "上季度企业季度隐患统计报送率偏低。"),
]
RANKED_QUARTERS = 3  # the quarters before the last ended one, within the four ended quarters of statistics


def _accidents(rng, quarter, actor):
    if Accident.objects.filter(date__range=(quarter.start, quarter.end)).exists():
        return
    enterprises = list(Enterprise.objects.operating().order_by("pk").values_list("pk", flat=True))
    for days, hour, deaths, injuries, kind, minutes, summary in ACCIDENTS:
        occurred_at = at(quarter.start + timedelta(days=days), hour)
        accident_report(
            enterprise=Enterprise.objects.get(pk=rng.choice(enterprises)),
            occurred_at=occurred_at,
            kind=kind,
            deaths=deaths,
            injuries=injuries,
            summary=summary,
            reported_at=occurred_at + timedelta(minutes=minutes),
            reported_by="企业安全负责人",
            actor=actor,
        )


def _pre_deductions(rng, quarter, actor):
    if PreDeduction.objects.filter(year=quarter.year, quarter=quarter.number).exists():
        return
    towns = rng.sample(list(GridCell.objects.towns().order_by("code")), len(PRE_DEDUCTIONS))
    deductions = [
        pre_deduction_create(town=town, quarter=quarter, points=points, reason=reason, actor=actor)
        for town, (points, reason) in zip(towns, PRE_DEDUCTIONS, strict=True)
    ]
    restoration_approve(
        pre_deduction=deductions[0],
        points=Decimal("2"),
        evidence="已为辖区全部村居网格落实网格责任人，复核名单见镇街报送材料。",
        approved_on=quarter.start + timedelta(days=45),
        actor=actor,
    )


def _rankings(quarters):
    rankings = []
    for quarter in quarters:
        ranking = Ranking.objects.filter(year=quarter.year, quarter=quarter.number).first()
        if ranking is None:
            try:
                ranking = compute_ranking(quarter)
            except ValidationError:  # no scheme in force that far back: leave the quarter unranked
                continue
        rankings.append(ranking)
    return rankings


def seed_assessment(*, seed, today):
    staff = get_user_model().objects.get(username="staff")
    rng = random.Random(seed)
    last = Quarter.containing(today).previous()
    _accidents(rng, last, staff)
    _pre_deductions(rng, last, staff)
    quarters = [last.previous()]
    while len(quarters) < RANKED_QUARTERS:
        quarters.insert(0, quarters[0].previous())
    rankings = _rankings(quarters)
    if Bulletin.objects.exists() or not rankings:
        return
    if len(rankings) > 1:
        bulletin_draft(ranking=rankings[-2], actor=staff)
    bulletin_publish(bulletin=bulletin_draft(ranking=rankings[-1], actor=staff), actor=staff)
