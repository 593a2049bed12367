"""The discretion rules (裁量规则) of the violation library, as pure functions of plain values.

The bureau decides each violation found in a case separately (分别裁量) and adds the fines (合并处罚). For one
violation the officer ticks the circumstances below; `propose` turns them into a level of the entry's discretion
benchmark (裁量基准) and the fine range inside it, following 《应急管理行政裁量权基准暂行规定》 (2024) and
《行政处罚法》 第三十二条、第三十三条:

- no circumstance: the level named 一般 (or the lowest one when the entry has none of that name);
- a 从重 circumstance moves one level up, a 从轻 one level down (both: they cancel);
- 减轻: a fine below the legal minimum of the applicable stage, above zero;
- 首违不罚 (初次违法且危害后果轻微并及时改正): no penalty, where the entry allows it and nothing aggravates;
- 逾期未改正/拒不执行: the stage the law punishes harder ("逾期未改正的，…并处…"), where the entry has one.

Nothing here reads the database: the entry's terms come in as `Terms` (see violation_services.terms_of).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models

UNIT = "unit"


class PartyKind(models.TextChoices):
    """Who is fined: the unit (单位), its principal (主要负责人) or another responsible person."""

    UNIT = UNIT, "生产经营单位"
    PRINCIPAL = "principal", "主要负责人"
    RESPONSIBLE = "responsible", "直接负责的主管人员和其他直接责任人员"


class CircumstanceKind(models.TextChoices):
    LIGHTER = "lighter", "从轻处罚情形"
    MITIGATED = "mitigated", "减轻处罚情形"
    HEAVIER = "heavier", "从重处罚情形"
    WAIVED = "waived", "不予处罚情形"


@dataclass(frozen=True)
class Circumstance:
    code: str
    kind: str
    label: str


OVERDUE = "heavier_overdue"
FIRST_MINOR = "waived_first_minor"

# 行政处罚法 第三十二条 lists the same four facts for 从轻 and 减轻: the officer decides which applies.
_LIGHTER_FACTS = [
    ("remedied", "主动消除或者减轻违法行为危害后果"),
    ("coerced", "受他人胁迫或者诱骗实施违法行为"),
    ("confessed", "主动供述行政机关尚未掌握的违法行为"),
    ("merit", "配合行政机关查处违法行为有立功表现"),
]
CIRCUMSTANCES = {
    c.code: c
    for c in [
        *[Circumstance(f"lighter_{code}", CircumstanceKind.LIGHTER, label) for code, label in _LIGHTER_FACTS],
        Circumstance("lighter_cooperated", CircumstanceKind.LIGHTER, "积极配合调查，如实陈述违法事实并主动提供证据"),
        *[Circumstance(f"mitigated_{code}", CircumstanceKind.MITIGATED, label) for code, label in _LIGHTER_FACTS],
        Circumstance("heavier_serious", CircumstanceKind.HEAVIER, "危害后果严重（造成人员伤亡或者较大财产损失）"),
        Circumstance(OVERDUE, CircumstanceKind.HEAVIER, "拒不整改：经责令限期改正，逾期未改正或者拒不执行"),
        Circumstance("heavier_repeat", CircumstanceKind.HEAVIER, "一年内因同一种违法行为再次违法"),
        Circumstance("heavier_obstruct", CircumstanceKind.HEAVIER, "拒绝、阻碍或者以暴力威胁执法人员（妨碍执法）"),
        Circumstance("heavier_evidence", CircumstanceKind.HEAVIER, "隐匿、销毁违法行为证据"),
        Circumstance("heavier_public", CircumstanceKind.HEAVIER, "危及公共安全或者其他生产经营单位安全"),
        Circumstance(FIRST_MINOR, CircumstanceKind.WAIVED, "初次违法且危害后果轻微并及时改正"),
    ]
}


def circumstance_choices():
    """(code, label) grouped by kind, for a form's check boxes."""
    return [
        (kind.label, [(c.code, c.label) for c in CIRCUMSTANCES.values() if c.kind == kind]) for kind in CircumstanceKind
    ]


@dataclass(frozen=True)
class Range:
    low: Decimal
    high: Decimal

    def __str__(self):
        return f"{self.low:,.0f}～{self.high:,.0f} 元"


@dataclass(frozen=True)
class LevelTerms:
    name: str
    unit: Range | None
    person: Range | None
    # The level applies only once the party has failed to correct in time (逾期未改正 / 拒不执行).
    after_overdue: bool = False

    def range_for(self, party_kind):
        return self.unit if party_kind == UNIT else self.person


@dataclass(frozen=True)
class Terms:
    """An entry's version as the rules need it: its levels in order, lightest first."""

    levels: tuple[LevelTerms, ...]
    waiver_allowed: bool = False


@dataclass(frozen=True)
class Proposal:
    level: str
    range: Range | None
    no_penalty: bool = False
    # 减轻处罚: the fine must stay below `range.high` (the legal minimum) and above zero.
    mitigated: bool = False
    notes: tuple[str, ...] = field(default=())

    def allows(self, fine):
        """Whether a decided fine lies inside the proposal (no reason needed)."""
        if self.no_penalty:
            return fine == 0
        if self.mitigated:
            return 0 < fine < self.range.high
        return self.range.low <= fine <= self.range.high

    def __str__(self):
        if self.no_penalty:
            return "不予处罚"
        bound = f"低于 {self.range.high:,.0f} 元" if self.mitigated else str(self.range)
        return f"{self.level}：{bound}"


class NoFine(ValueError):
    """The law sets no fine for this party in this situation."""


def _kinds(codes):
    unknown = [c for c in codes if c not in CIRCUMSTANCES]
    if unknown:
        raise ValueError(f"未知的裁量情形：{'、'.join(unknown)}")
    return {CIRCUMSTANCES[c].kind for c in codes}


def _pool(terms, party_kind, overdue):
    """The levels open to this party at this stage: the overdue stage's when it applies and exists, else the
    ordinary ones."""
    fined = [level for level in terms.levels if level.range_for(party_kind) is not None]
    staged = [level for level in fined if level.after_overdue]
    if overdue and staged:
        return staged, True
    ordinary = [level for level in fined if not level.after_overdue]
    if not ordinary:
        if staged:
            raise NoFine("该违法行为仅在逾期未改正（拒不执行）时对该当事人处以罚款。")
        raise NoFine("法律对该当事人未规定罚款。")
    return ordinary, False


def propose(terms, party_kind, codes):
    """The level and fine range for one violation, one party and the ticked circumstances (see the module)."""
    kinds = _kinds(codes)
    notes = []
    if CircumstanceKind.WAIVED in kinds:
        if terms.waiver_allowed and CircumstanceKind.HEAVIER not in kinds:
            return Proposal("不予处罚", None, no_penalty=True, notes=("行政处罚法第三十三条第一款：首违不罚。",))
        notes.append("该违法行为不适用首违不罚，或者具有从重情形。")
    pool, staged = _pool(terms, party_kind, OVERDUE in codes)
    if staged:
        notes.append("适用逾期未改正（拒不执行）的罚则。")
    heavier = any(CIRCUMSTANCES[c].kind == CircumstanceKind.HEAVIER for c in codes if c != OVERDUE or not staged)
    names = [level.name for level in pool]
    start = names.index("一般") if "一般" in names else 0
    index = min(max(start + heavier - (CircumstanceKind.LIGHTER in kinds), 0), len(pool) - 1)
    level = pool[index]
    if CircumstanceKind.MITIGATED in kinds:
        legal_min = min(lv.range_for(party_kind).low for lv in pool)
        if legal_min > 0:
            return Proposal("减轻处罚", Range(Decimal(0), legal_min), mitigated=True, notes=tuple(notes))
        level = pool[0]
        notes.append("法定罚款无下限，减轻处罚按最低等级裁量。")
    return Proposal(level.name, level.range_for(party_kind), notes=tuple(notes))
