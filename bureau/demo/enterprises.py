"""Demo enterprises: two named ones for the demo users, and a registry spread over towns and industries.

Figures echo the seed document: 36 key-supervision enterprises, 8 major hazard
source units (7 with accepted control systems, 1 installing), shoe makers of
仙降 in a mutual-aid alliance, others entrusted to an agency.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from bureau.bulk import analyze, insert_rows, reserve_ids
from enterprises.models import (
    Enterprise,
    EnterpriseStatus,
    GradeChange,
    Industry,
    InspectionInterval,
    MajorHazardSource,
    RiskGrade,
    ServiceMode,
    SpecialCategory,
)
from enterprises.validators import CHARSET, credit_code_check_character
from grids.models import GridCell

ENTERPRISE_COLUMNS = [
    "id",
    "name",
    "credit_code",
    "industry",
    "grid_cell_id",
    "town_id",
    "address",
    "legal_representative",
    "safety_contact",
    "safety_phone",
    "employees",
    "status",
    "uses_hazardous_chemicals",
    "service_mode",
    "service_provider",
    "association_member",
    "grade",
    "last_inspected_on",
]

NAMED = [
    # (name, credit code, cell attribute of the demo grid, industry, address)
    ("瑞安市仙降鞋业有限公司", "91330381MA2A0B0X1P", "officer_cell_a", Industry.SHOES, "仙降街道江溪工业区 8 号"),
    (
        "瑞安市飞云船舶修造有限公司",
        "91330381MA2A0B1X1D",
        "officer_cell_b",
        Industry.SHIPBUILDING,
        "飞云街道沿江路 66 号",
    ),
]
# Their 安全生产主要负责人 and phone: what a grid officer rings when chasing a hazard (催办).
NAMED_CONTACTS = {"91330381MA2A0B0X1P": ("周晓东", "13857712345"), "91330381MA2A0B1X1D": ("郑海平", "13968823456")}
# The industries each town is known for (the seed's 逐个行业抓整治); other towns get a mix.
TOWN_INDUSTRY = {
    "仙降街道": Industry.SHOES,
    "陶山镇": Industry.FOUNDRY,
    "湖岭镇": Industry.CRAFTS,
    "马屿镇": Industry.EYEWEAR,
    "飞云街道": Industry.SHIPBUILDING,
}
INDUSTRY_CATEGORIES = {
    Industry.SHOES: ["spray_coating"],
    Industry.FOUNDRY: ["dust", "metallurgy"],
    Industry.CRAFTS: ["dust", "spray_coating"],
    Industry.ELECTROPLATING: ["electroplating", "confined_space"],
    Industry.CHEMICALS: ["chemical_tank_area", "confined_space"],
    Industry.SHIPBUILDING: ["shipbuilding", "spray_coating"],
    Industry.METALLURGY: ["metallurgy", "dust"],
}
# The industries the random mix draws from: the first twelve, so the generated registry stays as it was when the
# list grew (GB/T 4754 trades were added later). Food and cold storage come from _seed_food_and_cold_stores.
MIXED_INDUSTRIES = [
    Industry.SHOES,
    Industry.FOUNDRY,
    Industry.CRAFTS,
    Industry.EYEWEAR,
    Industry.ELECTROPLATING,
    Industry.CHEMICALS,
    Industry.NON_COAL_MINE,
    Industry.FIREWORKS,
    Industry.SHIPBUILDING,
    Industry.METALLURGY,
    Industry.MACHINERY,
    Industry.OTHER,
]
# Some of the mix's 其他 enterprises become food processors, food makers and cold stores (by pk, so the same ones
# every time), their names following: (industry, the word replacing 实业, which of every ten).
FOOD_AND_COLD = [
    (Industry.AGRI_FOOD, "农副产品", (0, 1)),
    (Industry.FOOD, "食品", (2,)),
    (Industry.COLD_STORAGE, "冷链物流", (3, 4)),
]
WORDS = "华达鑫泰宏兴恒昌瑞丰永盛金鹏东方宇航新星天成汇通联合明辉长城海鸥嘉禾"
SUFFIX = {
    Industry.SHOES: "鞋业",
    Industry.FOUNDRY: "铸造",
    Industry.CRAFTS: "工艺品",
    Industry.EYEWEAR: "眼镜",
    Industry.ELECTROPLATING: "电镀",
    Industry.CHEMICALS: "化工",
    Industry.NON_COAL_MINE: "石料",
    Industry.FIREWORKS: "烟花爆竹",
    Industry.SHIPBUILDING: "船舶",
    Industry.METALLURGY: "金属材料",
    Industry.MACHINERY: "机械",
    Industry.OTHER: "实业",
}
GRADE_WEIGHTS = [(RiskGrade.GREEN, 30), (RiskGrade.BLUE, 50), (RiskGrade.YELLOW, 15), (RiskGrade.RED, 5)]
GRADES = [g for g, _ in GRADE_WEIGHTS]
GRADE_REASONS = {
    RiskGrade.GREEN: "安全生产标准化达标，连续两年无事故",
    RiskGrade.BLUE: "安全条件基本符合要求，按一般监管对象管理",
    RiskGrade.YELLOW: "涉及危险化学品或重点行业，列为重点对象",
    RiskGrade.RED: "存在重大事故隐患且整改不力，列为打击取缔对象",
}
ALLIANCE = "仙降鞋业安全生产互助联盟"
AGENCY = "温州安泰安全技术服务有限公司"


def random_credit_code(rng):
    first17 = "91330381" + "".join(rng.choice(CHARSET) for _ in range(9))
    return first17 + credit_code_check_character(first17)


def seed_named_enterprises(*, grid):
    enterprises = []
    for name, credit_code, cell_attr, industry, address in NAMED:
        village = GridCell.objects.subtree(getattr(grid, cell_attr)).filter(level=4).order_by("code").first()
        contact, phone = NAMED_CONTACTS[credit_code]
        enterprise, _ = Enterprise.objects.get_or_create(
            credit_code=credit_code,
            defaults={
                "name": name,
                "grid_cell": village,
                "address": address,
                "industry": industry,
                "employees": 86,
                "safety_contact": contact,
                "safety_phone": phone,
            },
        )
        enterprises.append(enterprise)
    return enterprises


def unique_name(rng, industry, taken, branches=None):
    """A company name not yet taken: a second 瑞安市华达鞋业有限公司 becomes its （第2分厂）, and so on.

    `branches` counts the names made per base name, so a million names cost no more than a thousand.
    """
    base = f"瑞安市{rng.choice(WORDS)}{rng.choice(WORDS)}{SUFFIX[industry]}有限公司"
    branch = branches.get(base, 1) if branches is not None else 1
    name = base if branch == 1 else f"{base}（第{branch}分厂）"
    while name in taken:
        branch += 1
        name = f"{base}（第{branch}分厂）"
    taken.add(name)
    if branches is not None:
        branches[base] = branch + 1
    return name


def seed_named_grades(*, enterprises, actor):
    """The demo users' enterprises get their grade through the service, as staff would give it."""
    from enterprises.services import enterprise_change_grade

    for enterprise, grade, reason in zip(
        enterprises,
        [RiskGrade.YELLOW, RiskGrade.BLUE],
        ["使用溶剂油等危险化学品的制鞋企业，列为重点对象", "船舶修造企业，安全条件基本符合要求"],
        strict=True,
    ):
        if not enterprise.grade_changes.exists():
            enterprise_change_grade(
                enterprise=enterprise, grade=grade, effective_date=date(2026, 3, 1), reason=reason, actor=actor
            )
    enterprises[0].special_categories.add(*SpecialCategory.objects.filter(code__in=["spray_coating", "dust"]))
    enterprises[1].special_categories.add(*SpecialCategory.objects.filter(code__in=["shipbuilding", "spray_coating"]))


def seed_registry(*, count, seed, actor, today=None, key_supervision=36, major_sources=8):
    """Bulk-insert `count` enterprises with grades, categories and hazard sources; skipped if already there.

    `key_supervision` and `major_sources` are the seed's 36 key-supervision enterprises and 8 major hazard
    source units (7 with accepted control systems, the last still installing). Rows are written with
    bureau.bulk (COPY on PostgreSQL), so they have no audit history: this is generated demo data.
    """
    if Enterprise.objects.count() > len(NAMED):
        return
    rng = random.Random(seed)
    today = today or timezone.localdate()
    # What the later steps need of each row, (pk, grade, industry), kept instead of the rows themselves.
    made = []
    insert_rows(Enterprise, ENTERPRISE_COLUMNS, _enterprise_rows(rng, count=count, today=today, made=made))
    _seed_grade_changes(rng, made=made, actor=actor, today=today)
    _mark_key_supervision(made, key_supervision)
    _seed_major_sources(rng, made, major_sources)
    _seed_food_and_cold_stores(made)
    analyze(Enterprise, GradeChange, Enterprise.special_categories.through)


def _enterprise_rows(rng, *, count, today, made):
    """The registry's rows, generated lazily; what they need of the database is read before the first one."""
    villages = list(GridCell.objects.filter(level=4).only("pk", "code", "path"))
    towns = {t.code: t for t in GridCell.objects.towns()}
    village_towns = [(v, towns[v.path.split("/")[1]]) for v in villages]
    taken = _Taken(
        codes=set(Enterprise.objects.values_list("credit_code", flat=True)),
        names=set(Enterprise.objects.values_list("name", flat=True)),
    )
    first_id = reserve_ids(Enterprise, count)
    return (_enterprise_row(rng, first_id + n, village_towns, taken, today, made) for n in range(count))


@dataclass
class _Taken:
    """Credit codes and names already given, so every generated enterprise gets its own."""

    codes: set
    names: set
    branches: dict = field(default_factory=dict)  # see unique_name


def _enterprise_row(rng, pk, village_towns, taken, today, made):
    village, town = rng.choice(village_towns)
    industry = TOWN_INDUSTRY.get(town.name) if rng.random() < 0.7 else None
    industry = industry or rng.choice(MIXED_INDUSTRIES)
    code = random_credit_code(rng)
    while code in taken.codes:
        code = random_credit_code(rng)
    taken.codes.add(code)
    mode, provider = _service_of(rng, industry)
    grade = rng.choices(GRADES, weights=[w for _, w in GRADE_WEIGHTS])[0]
    status = EnterpriseStatus.SUSPENDED if grade == RiskGrade.RED and rng.random() < 0.3 else EnterpriseStatus.OPERATING
    # Most are inspected about as often as their grade asks; some fall behind, a few never were.
    interval = InspectionInterval.DEFAULT_DAYS[grade]
    last = None if rng.random() < 0.05 else today - timedelta(days=rng.randint(1, int(interval * 1.3)))
    made.append((pk, grade, industry))
    return (
        pk,
        unique_name(rng, industry, taken.names, taken.branches),
        code,
        industry,
        village.pk,
        town.pk,
        f"{town.name}{rng.randint(1, 300)} 号",
        rng.choice("陈林黄张王李吴郑周徐") + rng.choice("建国志强海燕丽华国平晓东"),
        rng.choice("陈林黄张王李吴郑周徐") + rng.choice("伟明秀英文杰春雷"),
        f"1{rng.randint(3000000000, 9999999999)}",
        rng.randint(5, 400),
        status,
        industry in (Industry.CHEMICALS, Industry.ELECTROPLATING, Industry.SHOES),
        mode,
        provider,
        rng.random() < 0.2,
        grade,
        last,
    )


def _service_of(rng, industry):
    """Shoe makers may be in the mutual-aid alliance; any enterprise may entrust an agency."""
    if industry == Industry.SHOES and rng.random() < 0.3:
        return ServiceMode.ALLIANCE, ALLIANCE
    if rng.random() < 0.1:
        return ServiceMode.AGENCY, AGENCY
    return ServiceMode.NONE, ""


def _seed_grade_changes(rng, *, made, actor, today):
    """Each enterprise's grade history (yellow and red ones often were blue first), and its special categories."""
    categories = {c.code: c for c in SpecialCategory.objects.all()}
    category_links = []

    def grade_changes():
        for pk, grade, industry in made:
            start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 120))
            if grade in (RiskGrade.YELLOW, RiskGrade.RED) and rng.random() < 0.5:
                yield (pk, RiskGrade.BLUE, start, GRADE_REASONS[RiskGrade.BLUE], actor.pk)
                start += timedelta(days=rng.randint(90, 500))
            yield (pk, grade, min(start, today), GRADE_REASONS[grade], actor.pk)
            for code in INDUSTRY_CATEGORIES.get(industry, []):
                if rng.random() < 0.6:
                    category_links.append((pk, categories[code].pk))

    insert_rows(GradeChange, ["enterprise_id", "grade", "effective_date", "reason", "changed_by_id"], grade_changes())
    insert_rows(Enterprise.special_categories.through, ["enterprise_id", "specialcategory_id"], category_links)


def _mark_key_supervision(made, key_supervision):
    """The key-supervision enterprises (一企一档), the yellow and red ones first."""
    key = sorted(made, key=lambda row: (row[1] not in (RiskGrade.RED, RiskGrade.YELLOW), row[0]))[:key_supervision]
    Enterprise.objects.filter(pk__in=[pk for pk, *_ in key]).update(key_supervision=True)


def _seed_major_sources(rng, made, major_sources):
    """The major hazard source units: all with accepted automated control systems but the last, still installing."""
    chemical = [pk for pk, _, industry in made if industry == Industry.CHEMICALS][:major_sources]
    sources = [
        MajorHazardSource(
            enterprise_id=pk,
            name=rng.choice(["液氨储罐区", "甲醇储罐区", "液化石油气储罐", "溶剂油罐区"]),
            level=rng.choice([3, 4]),
            control_system=MajorHazardSource.ControlSystem.INSTALLING
            if i == len(chemical) - 1
            else MajorHazardSource.ControlSystem.ACCEPTED,
            registered_on=date(2024, 6, 1) + timedelta(days=30 * (i % 24)),
        )
        for i, pk in enumerate(chemical)
    ]
    MajorHazardSource.objects.bulk_create(sources, batch_size=1000)
    Enterprise.objects.filter(pk__in=chemical).update(uses_hazardous_chemicals=True)


def _seed_food_and_cold_stores(made):
    """Food processors, food makers and cold stores (GB/T 4754 C13, C14, G5930) among the generated 其他 ones."""
    others = [pk for pk, _, industry in made if industry == Industry.OTHER]
    for industry, word, tenths in FOOD_AND_COLD:
        chosen = [pk for pk in others if pk % 10 in tenths]
        name = Replace("name", Value(SUFFIX[Industry.OTHER]), Value(word))
        Enterprise.objects.filter(pk__in=chosen).update(industry=industry, name=name)
