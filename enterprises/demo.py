"""Demo enterprises: two named ones for the demo users, and a registry spread over towns and industries.

Figures echo the seed document: 36 key-supervision enterprises, 8 major hazard
source units (7 with accepted control systems, 1 installing), shoe makers of
仙降 in a mutual-aid alliance, others entrusted to an agency.
"""

import random
from datetime import date, timedelta

from django.utils import timezone

from enterprises.models import (
    Enterprise,
    GradeChange,
    Industry,
    InspectionInterval,
    MajorHazardSource,
    RiskGrade,
    ServiceMode,
    SpecialCategory,
    Status,
)
from enterprises.validators import CHARSET, credit_code_check_character
from grids.models import GridCell

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
        enterprise, _ = Enterprise.objects.get_or_create(
            credit_code=credit_code,
            defaults={"name": name, "grid_cell": village, "address": address, "industry": industry, "employees": 86},
        )
        enterprises.append(enterprise)
    return enterprises


def unique_name(rng, industry, taken):
    name = f"瑞安市{rng.choice(WORDS)}{rng.choice(WORDS)}{SUFFIX[industry]}有限公司"
    branch = 1
    while name in taken:
        branch += 1
        name = f"{name.split('（')[0]}（第{branch}分厂）"
    taken.add(name)
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


def seed_registry(*, count, seed, actor, today=None):
    """Bulk-create `count` enterprises with grades, categories and hazard sources; skipped if already there."""
    if Enterprise.objects.count() > len(NAMED):
        return
    rng = random.Random(seed)
    today = today or timezone.localdate()
    villages = list(GridCell.objects.filter(level=4).only("pk", "code", "path"))
    towns = {t.code: t for t in GridCell.objects.towns()}
    categories = {c.code: c for c in SpecialCategory.objects.all()}
    industries = list(Industry)
    seen_codes = set(Enterprise.objects.values_list("credit_code", flat=True))
    names = set(Enterprise.objects.values_list("name", flat=True))
    rows = []
    for _ in range(count):
        village = rng.choice(villages)
        town = towns[village.path.split("/")[1]]
        industry = TOWN_INDUSTRY.get(town.name) if rng.random() < 0.7 else None
        industry = industry or rng.choice(industries)
        code = random_credit_code(rng)
        while code in seen_codes:
            code = random_credit_code(rng)
        seen_codes.add(code)
        mode, provider = ServiceMode.NONE, ""
        if industry == Industry.SHOES and rng.random() < 0.3:
            mode, provider = ServiceMode.ALLIANCE, ALLIANCE
        elif rng.random() < 0.1:
            mode, provider = ServiceMode.AGENCY, AGENCY
        grade = rng.choices([g for g, _ in GRADE_WEIGHTS], weights=[w for _, w in GRADE_WEIGHTS])[0]
        status = Status.SUSPENDED if grade == RiskGrade.RED and rng.random() < 0.3 else Status.OPERATING
        # Most are inspected about as often as their grade asks; some fall behind, a few never were.
        interval = InspectionInterval.DEFAULT_DAYS[grade]
        last = None if rng.random() < 0.05 else today - timedelta(days=rng.randint(1, int(interval * 1.3)))
        rows.append(
            Enterprise(
                name=unique_name(rng, industry, names),
                credit_code=code,
                industry=industry,
                grid_cell_id=village.pk,
                town_id=town.pk,
                address=f"{town.name}{rng.randint(1, 300)} 号",
                legal_representative=rng.choice("陈林黄张王李吴郑周徐") + rng.choice("建国志强海燕丽华国平晓东"),
                safety_contact=rng.choice("陈林黄张王李吴郑周徐") + rng.choice("伟明秀英文杰春雷"),
                safety_phone=f"1{rng.randint(3000000000, 9999999999)}",
                employees=rng.randint(5, 400),
                status=status,
                uses_hazardous_chemicals=industry in (Industry.CHEMICALS, Industry.ELECTROPLATING, Industry.SHOES),
                service_mode=mode,
                service_provider=provider,
                association_member=rng.random() < 0.2,
                grade=grade,
                last_inspected_on=last,
            )
        )
    created = Enterprise.objects.bulk_create(rows, batch_size=1000)
    created = list(Enterprise.objects.filter(credit_code__in=[e.credit_code for e in rows]).order_by("pk"))

    changes, links = [], []
    Through = Enterprise.special_categories.through
    for enterprise in created:
        start = date(2025, 1, 1) + timedelta(days=rng.randint(0, 120))
        if enterprise.grade in (RiskGrade.YELLOW, RiskGrade.RED) and rng.random() < 0.5:
            changes.append(
                GradeChange(
                    enterprise=enterprise,
                    grade=RiskGrade.BLUE,
                    effective_date=start,
                    reason=GRADE_REASONS[RiskGrade.BLUE],
                    changed_by=actor,
                )
            )
            start += timedelta(days=rng.randint(90, 500))
        changes.append(
            GradeChange(
                enterprise=enterprise,
                grade=enterprise.grade,
                effective_date=min(start, today),
                reason=GRADE_REASONS[enterprise.grade],
                changed_by=actor,
            )
        )
        for code in INDUSTRY_CATEGORIES.get(enterprise.industry, []):
            if rng.random() < 0.6:
                links.append(Through(enterprise_id=enterprise.pk, specialcategory_id=categories[code].pk))
    GradeChange.objects.bulk_create(changes, batch_size=1000)
    Through.objects.bulk_create(links, batch_size=1000)

    # 36 key-supervision enterprises (一企一档), the yellow and red ones first.
    key = sorted(created, key=lambda e: (e.grade not in (RiskGrade.RED, RiskGrade.YELLOW), e.pk))[:36]
    Enterprise.objects.filter(pk__in=[e.pk for e in key]).update(key_supervision=True)
    # 8 major hazard source units: 7 with accepted automated control systems, 1 still installing.
    chemical = [e for e in created if e.industry == Industry.CHEMICALS][:8]
    sources = [
        MajorHazardSource(
            enterprise=e,
            name=rng.choice(["液氨储罐区", "甲醇储罐区", "液化石油气储罐", "溶剂油罐区"]),
            level=rng.choice([3, 4]),
            control_system=MajorHazardSource.ControlSystem.INSTALLING
            if i == 7
            else MajorHazardSource.ControlSystem.ACCEPTED,
            registered_on=date(2024, 6, 1) + timedelta(days=30 * i),
        )
        for i, e in enumerate(chemical)
    ]
    MajorHazardSource.objects.bulk_create(sources)
    Enterprise.objects.filter(pk__in=[e.pk for e in chemical]).update(uses_hazardous_chemicals=True)
