"""Demo enforcement records that reproduce the seed's "数字轨迹" (to the end of August of this year):
521 enterprise-visits, 166 hazards found and 158 rectified, 3 suspensions, 2 penalty cases, 50,000 yuan;
27 expert-visits; talks with 2 mine heads and 6 chemical heads; and the tank-area campaign from late August:
14 units, 45 inspector-visits, 6 rectification orders, 38 hazards, 1 suspension.
"""

import random
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Exists, Max, OuterRef, Subquery
from django.utils import timezone

from bureau.accounts.models import Profile
from bureau.accounts.services import ensure_role_groups
from bureau.demo.dating import at
from bureau.demo.hazards import EVENT_COLUMNS, VERSIONS, closed_at_after, timeline
from bureau.demo.payments import seed_payments
from bureau.demo.procedure import penalty_case
from bureau.roles import Role
from enterprises.models import Enterprise, Industry, SpecialCategory
from hazards.models import SUBCATEGORIES, Category, Hazard, HazardEvent, HazardOrigin, HazardStatus
from inspections.campaigns.models import Campaign
from inspections.campaigns.services import campaign_generate_targets, campaign_save
from inspections.enforcement.models import Document
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection, InspectionKind
from inspections.registers.models import Expert, Talk

EXPERTS = [
    ("黄云宇", "危险化学品", "浙江省安全生产科学研究院"),
    ("周晓东", "化工工艺", "温州市化工行业协会"),
    ("倪邦国", "机械安全", "瑞安市安全生产协会"),
    ("陈荣", "电气安全", "温州电力设计院"),
    ("江孟", "粉尘防爆", "浙江工业大学"),
]
MORE_INSPECTORS = [("inspector3", "李建华"), ("inspector4", "王海燕"), ("inspector5", "郑国平")]


def _bulk_inspections(rows, inspectors_of, experts_of):
    created = Inspection.objects.bulk_create(rows)
    through = Inspection.inspectors.through
    through.objects.bulk_create(
        [through(inspection_id=i.pk, user_id=u.pk) for n, i in enumerate(created) for u in inspectors_of(n)]
    )
    expert_through = Inspection.experts.through
    expert_through.objects.bulk_create(
        [expert_through(inspection_id=i.pk, expert_id=e.pk) for n, i in enumerate(created) for e in experts_of(n)]
    )
    return created


def _step(inspections):
    """A stride that visits every inspection before repeating one, so findings spread over all of them."""
    return 7 if len(inspections) % 7 else 11


def _found_hazards(rng, inspections, count, rectified, actor, today):
    hazards, links = [], []
    for n in range(count):
        inspection = inspections[n * _step(inspections) % len(inspections)]
        category = rng.choice(list(Category))
        status = (
            HazardStatus.CLOSED
            if n < rectified - 6
            else (HazardStatus.RECTIFIED if n < rectified else HazardStatus.RECTIFYING)
        )
        deadline = inspection.date + timedelta(days=30)
        hazards.append(
            Hazard(
                enterprise_id=inspection.enterprise_id,
                source=HazardOrigin.INSPECTION,
                found_on=inspection.date,
                location="检查现场",
                description=rng.choice(["消防器材过期", "安全警示标志缺失", "动火作业未审批", "防护栏缺失"]),
                category=category,
                subcategory=rng.choice(SUBCATEGORIES[category]),
                rectification_deadline=deadline,
                responsible_person="企业安全负责人",
                status=status,
                version=VERSIONS[status],
                reported_by=actor,
                rectified_on=min(deadline - timedelta(days=2), today) if status != HazardStatus.RECTIFYING else None,
                closed_at=closed_at_after(inspection.date, deadline, today) if status == HazardStatus.CLOSED else None,
            )
        )
    now = timezone.now()
    for hazard in hazards:
        hazard.reported_at, _ = timeline(hazard_id=None, **_steps_of(hazard, actor, now))
    created = Hazard.objects.bulk_create(hazards)
    events = []
    for n, hazard in enumerate(created):
        links.append(
            Inspection.hazards.through(
                inspection_id=inspections[n * _step(inspections) % len(inspections)].pk, hazard_id=hazard.pk
            )
        )
        # The whole timeline up to the hazard's state, as the services would have recorded it.
        _, rows = timeline(hazard_id=hazard.pk, **_steps_of(hazard, actor, now))
        events += [HazardEvent(**dict(zip(EVENT_COLUMNS, row, strict=True))) for row in rows]
    HazardEvent.objects.bulk_create(events)
    Inspection.hazards.through.objects.bulk_create(links)
    return created


def _steps_of(hazard, actor, now):
    return {
        "status": hazard.status,
        "found": hazard.found_on,
        "rectified_on": hazard.rectified_on,
        "closed_at": hazard.closed_at,
        "actor_id": actor.pk,
        "now": now,
    }


def _on_the_day(day, document):
    """Demo documents are dated with their inspection; the portal itself always issues them now."""
    Document.objects.filter(pk=document.pk).update(issued_at=at(day))
    return document


def seed_enforcement(*, seed, today=None):
    """The seed's story; skipped once its campaigns exist (inspections may be there already: the bulk volume)."""
    if Campaign.objects.exists():
        return
    rng = random.Random(seed)
    today = today or timezone.localdate()
    year = today.year if today >= date(today.year, 9, 1) else today.year - 1
    inspectors = _story_inspectors()
    lead, second = inspectors[0], inspectors[1]
    experts = [Expert.objects.create(name=n, specialty=s, organization=o) for n, s, o in EXPERTS]
    # The story visits every 7th enterprise: the first 7 × 521 are all it can reach, at any scale.
    enterprises = list(Enterprise.objects.operating().order_by("pk")[: 7 * 521])
    visits = _story_visits(rng, enterprises, inspectors, experts, year)
    found = _found_hazards(rng, visits, 166, 158, lead, today)
    _suspensions_and_cases(found, lead, second)
    for visit in visits[:6]:
        hazards = list(visit.hazards.all())
        if hazards:
            _rectification_order(visit, hazards, lead, second)
    _seed_talks(enterprises, inspectors, lead, year)
    _seed_campaigns(rng, inspectors, lead, second, year, today)
    _update_last_inspected()


def _story_inspectors():
    """The demo inspectors and three more, so the story's visits go by pairs; ordered by username."""
    User = get_user_model()
    group = ensure_role_groups()[Role.INSPECTOR]
    hashed = User.objects.get(username="inspector").password
    for username, name in MORE_INSPECTORS:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name, "password": hashed})
        if created:
            user.groups.add(group)
            Profile.objects.get_or_create(user=user)
    return list(User.objects.filter(groups=group).order_by("username"))


def _story_visits(rng, enterprises, inspectors, experts, year):
    """521 enterprise-visits from January to the end of August, by pairs of inspectors; 27 with an expert."""
    days = (date(year, 8, 31) - date(year, 1, 5)).days
    rows = [
        Inspection(
            enterprise=enterprises[(n * 7) % len(enterprises)],
            date=date(year, 1, 5) + timedelta(days=n * days // 521),
            kind=rng.choice([InspectionKind.ROUTINE] * 4 + [InspectionKind.RANDOM, InspectionKind.RECHECK]),
            summary="按年度监管执法计划开展检查",
            created_by=inspectors[0],
        )
        for n in range(521)
    ]
    pairs = [(inspectors[i], inspectors[(i + 1) % len(inspectors)]) for i in range(len(inspectors))]
    return _bulk_inspections(
        rows, lambda n: pairs[n % len(pairs)], lambda n: [experts[n % 5]] if n % 19 == 0 and n < 19 * 27 else []
    )


def _suspensions_and_cases(found, lead, second):
    """3 suspensions, 2 penalty cases with 50,000 yuan in fines."""
    for hazard in found[:3]:
        suspension = document_issue(
            kind=DocumentKind.MEASURES_DECISION,
            enterprise=hazard.enterprise,
            actor=lead,
            co_signer=second,
            facts="存在重大事故隐患：" + hazard.description,
            suspends=True,
            legal_basis="《中华人民共和国安全生产法》第六十五条第一款第（三）项",
        )
        _on_the_day(hazard.found_on, suspension)
    # 分别裁量、合并处罚: each case's fine is the sum of its violations' (20,000; 20,000 + 10,000).
    decisions = [
        [("AQ102", [], 20000)],
        [("AQ102", [], 20000), ("AQ097-5", ["lighter_remedied"], 10000)],
    ]
    for hazard, fine, found_here in zip(found[3:5], [20000, 30000], decisions, strict=True):
        penalty_case(hazard, fine, lead, second, opened_on=hazard.found_on + timedelta(days=5), violations=found_here)
    seed_payments(enterprises=[hazard.enterprise for hazard in found[3:5]], lead=lead, second=second)


def _rectification_order(visit, hazards, lead, second):
    order = document_issue(
        kind=DocumentKind.RECTIFICATION_ORDER,
        enterprise=visit.enterprise,
        actor=lead,
        co_signer=second,
        inspection=visit,
        hazards=hazards,
        deadline=visit.date + timedelta(days=30),
    )
    _on_the_day(visit.date, order)


def _update_last_inspected():
    """Every inspected enterprise's last inspection is its latest record (the campaign's visits included): one
    set-based update, at any scale."""
    latest = Inspection.objects.filter(enterprise=OuterRef("pk")).order_by().values("enterprise")
    Enterprise.objects.filter(Exists(latest)).update(
        last_inspected_on=Subquery(latest.annotate(last=Max("date")).values("last"))
    )


def _seed_talks(enterprises, inspectors, actor, year):
    mines = [e for e in enterprises if e.industry == Industry.NON_COAL_MINE][:2]
    chemicals = [e for e in enterprises if e.industry == Industry.CHEMICALS][:6]
    for enterprise, head in [(e, "矿长") for e in mines] + [(e, "主要负责人") for e in chemicals]:
        talk = Talk.objects.create(
            enterprise=enterprise,
            head_name=enterprise.legal_representative or "负责人",
            head_title=head,
            date=date(year, 7, 15),
            topics="交流安全生产工作心得，直言安全生产工作困惑；强调安全投入、基础管理、员工培训、应急演练四个到位。",
            follow_up="一个月内回访隐患整改情况",
            created_by=actor,
        )
        talk.interviewers.set(inspectors[:2])


def _seed_campaigns(rng, inspectors, lead, second, year, today):
    staff = get_user_model().objects.get(username="staff")
    _three_places_campaign(year, staff)
    tank, units = _tank_area_units()
    tank_area = campaign_save(
        campaign=Campaign(
            name="危化品罐区专项整治",
            start_date=date(year, 8, 25),
            end_date=date(year, 12, 31),
            description="对全市涉及罐区的危化品生产经营单位开展“拉网式”安全专项检查。",
        ),
        special_categories=[tank],
        industries=[],
        towns=[],
        actor=staff,
    )
    campaign_generate_targets(campaign=tank_area, actor=staff)
    _tank_area_visits(rng, tank_area, units, inspectors, lead, second, year, today)


def _three_places_campaign(year, staff):
    three_places = campaign_save(
        campaign=Campaign(
            name="“三场所两企业一行业”专项整治",
            start_date=date(year, 3, 1),
            end_date=date(year, 12, 31),
            description="涉尘加工、有限空间、喷涂作业三种场所，涉氨制冷、船舶修造两类企业和冶金行业。",
        ),
        special_categories=list(
            SpecialCategory.objects.filter(
                code__in=[
                    "dust",
                    "confined_space",
                    "spray_coating",
                    "ammonia_refrigeration",
                    "shipbuilding",
                    "metallurgy",
                ]
            )
        ),
        industries=[Industry.METALLURGY, Industry.SHIPBUILDING],
        towns=[],
        actor=staff,
    )
    campaign_generate_targets(campaign=three_places, actor=staff)


def _tank_area_units():
    """The tank-area category and the 14 chemical enterprises that have it: (category, units)."""
    tank = SpecialCategory.objects.get(code="chemical_tank_area")
    # The city has 14 tank-area units: make sure the demo registry holds that many chemical enterprises.
    shortfall = 14 - Enterprise.objects.filter(industry=Industry.CHEMICALS).count()
    if shortfall > 0:
        spare = Enterprise.objects.filter(industry=Industry.OTHER).order_by("pk").values("pk")[:shortfall]
        Enterprise.objects.filter(pk__in=list(spare)).update(industry=Industry.CHEMICALS)
    units = list(Enterprise.objects.filter(industry=Industry.CHEMICALS).order_by("pk")[:14])
    # Exactly these 14 have tank areas (the registry's random categories may have given others one).
    Enterprise.special_categories.through.objects.filter(specialcategory=tank).delete()
    for unit in units:
        unit.special_categories.add(tank)
    return tank, units


def _tank_area_visits(rng, tank_area, units, inspectors, lead, second, year, today):
    """15 visits: 14 units once, one twice; 3 inspectors each — 45 inspector-visits in all; 38 hazards,
    6 rectification orders and 1 suspension."""
    visit_day = date(year, 9, 1)
    rows = [
        Inspection(
            enterprise=units[n % len(units)],
            date=min(visit_day + timedelta(days=n * 3), today),
            kind=InspectionKind.CAMPAIGN,
            campaign=tank_area,
            created_by=lead,
            summary="罐区专项检查",
        )
        for n in range(15)
    ]
    visits = _bulk_inspections(rows, lambda n: inspectors[:3], lambda n: [])
    _found_hazards(rng, visits, 38, 30, lead, today)
    ordered = 0
    for visit in visits:
        hazards = list(visit.hazards.all())
        if hazards and ordered < 6:
            _rectification_order(visit, hazards, lead, second)
            ordered += 1
    suspension = document_issue(
        kind=DocumentKind.MEASURES_DECISION,
        enterprise=visits[0].enterprise,
        actor=lead,
        co_signer=second,
        inspection=visits[0],
        suspends=True,
        facts="罐区可燃气体报警装置失效，存在重大事故隐患",
    )
    _on_the_day(visits[0].date, suspension)
    tank_area.targets.update(surveyed_on=visit_day)
