"""The seed's "数字轨迹" figures, reproduced from records and counted by the code the dashboard uses."""

from datetime import date, timedelta

from django.utils import timezone

from bureau.figures import Period, count_values
from enterprises.models import Industry, SpecialCategory
from hazards.models import Hazard, HazardStatus
from inspections.campaigns.models import Campaign
from inspections.campaigns.progress import campaign_progress
from inspections.campaigns.services import campaign_generate_targets, campaign_save
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection, InspectionKind
from inspections.registers.models import Expert, Talk
from tests.factories import make_cell, make_enterprise, make_hazard
from tests.procedure import decided_case

START = date(2026, 1, 1)


ENFORCEMENT = [
    "inspections.visits",
    "inspections.inspector_visits",
    "hazards.found_by_inspection",
    "hazards.rectified_of_found",
    "documents.suspended_enterprises",
    "cases.opened",
    "documents.fines",
    "inspections.expert_visits",
    "talks.non_coal_mine",
    "talks.chemicals",
]


def bulk_inspections(enterprises, count, inspectors, created_by, campaign=None, day=START):
    rows = [
        Inspection(
            enterprise=enterprises[i % len(enterprises)],
            date=day + timedelta(days=i % 200),
            kind=InspectionKind.CAMPAIGN if campaign else InspectionKind.ROUTINE,
            campaign=campaign,
            created_by=created_by,
        )
        for i in range(count)
    ]
    created = Inspection.objects.bulk_create(rows)
    Through = Inspection.inspectors.through
    Through.objects.bulk_create(
        [
            Through(inspection_id=inspection.pk, user_id=inspector.pk)
            for inspection in created
            for inspector in inspectors
        ]
    )
    return created


def hazards_for(inspections, count, rectified, reported_by):
    links = []
    for i in range(count):
        inspection = inspections[i % len(inspections)]
        status = HazardStatus.CLOSED if i < rectified else HazardStatus.RECTIFYING
        hazard = make_hazard(
            enterprise=inspection.enterprise,
            reported_by=reported_by,
            source="inspection",
            status=status,
            found_on=inspection.date,
            rectification_deadline=inspection.date + timedelta(days=30),
        )
        links.append(Inspection.hazards.through(inspection_id=inspection.pk, hazard_id=hazard.pk))
    Inspection.hazards.through.objects.bulk_create(links)


def test_the_seeds_enforcement_figures(world, inspector, inspector2, staff):
    enterprises = [make_enterprise(grid_cell=world.village_a) for _ in range(20)]
    inspections = bulk_inspections(enterprises, 521, [inspector, inspector2], inspector)
    hazards_for(inspections, 166, 158, staff)
    for enterprise in enterprises[:3]:
        document_issue(
            kind=DocumentKind.MEASURES_DECISION,
            enterprise=enterprise,
            actor=inspector,
            co_signer=inspector2,
            suspends=True,
        )
    for enterprise, fine in [(enterprises[3], 20000), (enterprises[4], 30000)]:
        decided_case(enterprise, inspector, inspector2, fine=fine)
    experts = [Expert.objects.create(name=f"专家{i}", specialty="危化品") for i in range(5)]
    ExpertThrough = Inspection.experts.through
    ExpertThrough.objects.bulk_create(
        [ExpertThrough(inspection_id=inspections[i].pk, expert_id=experts[i % 5].pk) for i in range(27)]
    )
    mine = make_enterprise(grid_cell=world.village_b, industry=Industry.NON_COAL_MINE)
    chemical = make_enterprise(grid_cell=world.village_b, industry=Industry.CHEMICALS)
    for enterprise, n in [(mine, 2), (chemical, 6)]:
        for _ in range(n):
            Talk.objects.create(
                enterprise=enterprise, head_name="矿长", date=START, topics="安全投入", created_by=staff
            )

    figures = count_values(ENFORCEMENT, staff, Period(START, timezone.localdate()))

    assert figures["inspections.visits"] == 521
    assert figures["hazards.found_by_inspection"] == 166
    assert figures["hazards.rectified_of_found"] == 158
    assert figures["documents.suspended_enterprises"] == 3
    assert figures["cases.opened"] == 2
    assert figures["documents.fines"] == 50000
    assert figures["inspections.expert_visits"] == 27
    assert (figures["talks.non_coal_mine"], figures["talks.chemicals"]) == (2, 6)


def test_the_tank_area_campaign_figures(world, inspector, inspector2, staff):
    tank_area = SpecialCategory.objects.get(code="chemical_tank_area")
    units = []
    for i in range(14):
        unit = make_enterprise(grid_cell=world.village_a if i < 9 else world.village_b, industry=Industry.CHEMICALS)
        unit.special_categories.add(tank_area)
        units.append(unit)
    make_enterprise(grid_cell=world.village_a, industry=Industry.CHEMICALS)  # no tank area: not a target
    campaign = campaign_save(
        campaign=Campaign(name="危化品罐区专项整治", start_date=date(2026, 8, 25), end_date=date(2026, 12, 31)),
        special_categories=[tank_area],
        industries=[],
        towns=[],
        actor=staff,
    )
    assert campaign_generate_targets(campaign=campaign, actor=staff) == 14
    assert campaign_generate_targets(campaign=campaign, actor=staff) == 0

    # 15 visits, each by 3 inspectors: 45 inspector-visits.
    third = type(inspector).objects.create(username="inspector3")
    third.groups.add(*inspector.groups.all())
    inspections = bulk_inspections(
        units, 15, [inspector, inspector2, third], inspector, campaign=campaign, day=date(2026, 9, 1)
    )
    hazards_for(inspections, 38, 30, staff)
    for unit in units[:6]:
        hazard = Hazard.objects.filter(enterprise=unit).first()
        document_issue(
            kind=DocumentKind.RECTIFICATION_ORDER,
            enterprise=unit,
            actor=inspector,
            co_signer=inspector2,
            inspection=Inspection.objects.filter(enterprise=unit, campaign=campaign).first(),
            hazards=[hazard],
            deadline=date(2026, 12, 1),
        )
    document_issue(
        kind=DocumentKind.MEASURES_DECISION,
        enterprise=units[0],
        actor=inspector,
        co_signer=inspector2,
        inspection=inspections[0],
        suspends=True,
    )

    rows, total = campaign_progress(campaign)

    assert total["targets"] == 14
    assert total["inspected_units"] == 14
    assert total["inspector_visits"] == 45
    assert total["orders"] == 6
    assert total["found"] == 38
    assert total["rectified"] == 30
    assert total["suspensions"] == 1
    assert [(r["town"], r["targets"]) for r in rows] == [(world.town1, 9), (world.town2, 5)]


def test_three_places_two_kinds_one_industry_is_expressible(world, staff):
    """三场所两企业一行业: dust, confined space, spray coating; ammonia refrigeration, shipbuilding; metallurgy."""
    codes = ["dust", "confined_space", "spray_coating", "ammonia_refrigeration", "shipbuilding", "metallurgy"]
    campaign = campaign_save(
        campaign=Campaign(
            name="“三场所两企业一行业”专项整治", start_date=date(2026, 3, 1), end_date=date(2026, 12, 31)
        ),
        special_categories=list(SpecialCategory.objects.filter(code__in=codes)),
        industries=[Industry.METALLURGY, Industry.SHIPBUILDING],
        towns=[world.town1],
        actor=staff,
    )
    spray = make_enterprise(grid_cell=world.village_a, name="喷涂厂")
    spray.special_categories.add(SpecialCategory.objects.get(code="spray_coating"))
    make_enterprise(grid_cell=world.village_a, name="冶金厂", industry=Industry.METALLURGY)
    make_enterprise(grid_cell=world.village_b, name="外镇冶金厂", industry=Industry.METALLURGY)  # outside the towns
    make_enterprise(grid_cell=world.village_a, name="普通机械厂", industry=Industry.MACHINERY)
    make_cell(parent=world.cell_a)

    campaign_generate_targets(campaign=campaign, actor=staff)

    assert set(campaign.targets.values_list("enterprise__name", flat=True)) == {"喷涂厂", "冶金厂"}
