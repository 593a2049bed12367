"""The key pages of `make bench` take as many queries with 30 enterprises as with 3: no query per row.

The data grows in every direction a page lists: more enterprises, towns, cells, hazards with longer timelines,
inspections with documents, grade changes, self-checks; the objects on show (enterprise X, its first hazard, the
ranking and its bulletin) gain records too.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bureau.assessment.bulletins import bulletin_correction_draft, bulletin_draft
from bureau.assessment.scoring import compute_ranking
from bureau.assessment.services import bulletin_publish, pre_deduction_create
from bureau.quarters import Quarter
from enterprises.models import Enterprise, GradeChange, MajorHazardSource, RiskGrade, SpecialCategory
from enterprises.services import enterprise_change_grade
from hazards.listing_models import ListingProgress, MajorHazardListing
from hazards.models import Hazard, HazardAction, HazardEvent, HazardStatus, SelfCheck
from hazards.services import hazard_report, hazard_request_extension, hazard_transition
from inspections.enforcement.services import case_open, document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection
from inspections.registers.models import Talk
from tests.factories import make_cell, make_enterprise, make_hazard, make_image

GRADES = [RiskGrade.RED, RiskGrade.YELLOW, RiskGrade.BLUE, RiskGrade.GREEN]


def key_pages(o):
    return {
        "dashboard": reverse("home"),
        "enterprise list": reverse("enterprises:list"),
        "enterprise list, filtered": reverse("enterprises:list") + f"?town={o.town1.code}&grade=red",
        "dossier": reverse("enterprises:detail", args=[o.x.pk]),
        "hazard list": reverse("hazards:list"),
        "hazard detail": reverse("hazards:detail", args=[o.hazard.pk]),
        "grid tree": reverse("grids:tree"),
        "grid cell": reverse("grids:detail", args=[o.town1.code]),
        "ranking": reverse("rankings:detail", args=[o.quarter]),
        "bulletin": reverse("bulletins:detail", args=[o.bulletin.pk]),
        "due list": reverse("enterprises:due"),
        "major hazards board": reverse("major_hazards:board"),
        "listings": reverse("major_hazards:listings"),
        "criteria": reverse("major_hazards:criteria"),
        "accidents": reverse("accidents:list"),
        "accident follow-ups": reverse("accidents:follow_ups"),
        "inspections": reverse("inspections:list"),
        "documents register": reverse("documents:register"),
        "public index": reverse("public:index"),
        "public penalties": reverse("public:penalties"),
    }


def query_counts(client, pages):
    counts = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, name  # once first: caches (content types, …) fill up
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(queries)
    return counts


def add_enterprises(o, villages, count):
    """`count` enterprises over the villages: graded, inspected (with inspectors and a found hazard), self-checked."""
    today = timezone.localdate()
    for n in range(count):
        grade = GRADES[n % 4]
        enterprise = make_enterprise(grid_cell=villages[n % len(villages)], last_inspected_on=today - timedelta(400))
        GradeChange.objects.create(
            enterprise=enterprise, grade=grade, effective_date=today - timedelta(200), reason="定级", changed_by=o.staff
        )
        Enterprise.objects.filter(pk=enterprise.pk).update(grade=grade)
        hazard = make_hazard(
            enterprise=enterprise,
            reported_by=o.inspector,
            source="inspection",
            found_on=o.quarter.start + timedelta(days=n % 60),
            rectification_deadline=o.quarter.start + timedelta(days=n % 60 + 15),
            status=HazardStatus.RECTIFYING if n % 2 else HazardStatus.CLOSED,
            closed_at=None if n % 2 else timezone.now() - timedelta(days=3),
            level="major" if n % 3 == 0 else "general",
        )
        if n % 3 == 0:  # a major hazard listed for supervision (removed once closed), with a progress report
            listing = MajorHazardListing.objects.create(
                hazard=hazard,
                leader_name="林志远",
                leader_post="副局长",
                deadline=today + timedelta(n - 10),
                listed_by=o.staff,
                status="active" if n % 2 else "removed",
            )
            ListingProgress.objects.create(listing=listing, text="整改中", reported_by=o.staff)
        HazardEvent.objects.create(
            hazard=hazard, action=HazardAction.REPORT, to_status=HazardStatus.REPORTED, actor=o.inspector
        )
        inspection = Inspection.objects.create(
            enterprise=enterprise, date=o.quarter.start + timedelta(days=n % 60), created_by=o.inspector
        )
        inspection.inspectors.set([o.inspector, o.inspector2])
        inspection.hazards.add(hazard)
        SelfCheck.objects.create(
            enterprise=enterprise, year=o.quarter.year, month=3 * o.quarter.number, submitted_by=o.staff
        )


def enrich_x(o, times):
    """Enterprise X and its first hazard gain `times` more of what their pages show."""
    today = timezone.localdate()
    categories = list(SpecialCategory.objects.all())
    for n in range(times):
        enterprise_change_grade(
            enterprise=o.x,
            grade=GRADES[n % 4],
            effective_date=today - timedelta(days=100 - n),
            reason="复核定级",
            actor=o.staff,
        )
        o.x.special_categories.add(categories[n % len(categories)])
        MajorHazardSource.objects.create(enterprise=o.x, name=f"储罐区{n}", level=3)
        hazard = make_hazard(enterprise=o.x, reported_by=o.inspector, found_on=today - timedelta(days=n))
        inspection = Inspection.objects.create(enterprise=o.x, date=today - timedelta(days=n), created_by=o.inspector)
        inspection.inspectors.set([o.inspector, o.inspector2])
        inspection.hazards.add(hazard, o.hazard)
        document_issue(
            kind=DocumentKind.RECTIFICATION_ORDER,
            enterprise=o.x,
            actor=o.inspector,
            co_signer=o.inspector2,
            inspection=inspection,
            hazards=[hazard, o.hazard],
            deadline=today + timedelta(days=30),
        )
        Talk.objects.create(enterprise=o.x, head_name="周晓东", date=today, topics="安全投入", created_by=o.staff)
    case_open(enterprise=o.x, title=f"案件{times}", actor=o.inspector, co_signer=o.inspector2)


def walk_the_hazard(o):
    """X's first hazard: rectified with evidence, sent back, started again, an extension asked for."""
    hazard = o.hazard
    for action, actor, photos in [
        ("start", o.ent_x, []),
        ("rectify", o.ent_x, [make_image()]),
        ("send_back", o.inspector, []),
        ("rectify", o.ent_x, [make_image()]),
    ]:
        hazard = hazard_transition(
            hazard=hazard, action=action, actor=actor, version=hazard.version, note="已处理", photos=photos
        )
    hazard_request_extension(
        hazard=hazard, actor=o.ent_x, requested_deadline=timezone.localdate() + timedelta(days=60), reason="备件未到"
    )


def rank_and_publish(o):
    ranking = compute_ranking(o.quarter)
    if getattr(o, "bulletin", None) is None:
        draft = bulletin_draft(ranking=ranking, actor=o.staff)
    else:  # a quarter's bulletin is published once: ranked again, it is corrected
        draft = bulletin_correction_draft(corrects=o.bulletin, reason="重新排名", actor=o.staff)
    o.bulletin = bulletin_publish(bulletin=draft, actor=o.staff)


@pytest.fixture
def o(world, staff, inspector, inspector2, enterprise_user_x):
    today = timezone.localdate()
    objects = SimpleNamespace(
        staff=staff,
        inspector=inspector,
        inspector2=inspector2,
        ent_x=enterprise_user_x,
        x=world.enterprise_x,
        town1=world.town1,
        city=world.city,
        villages=[world.village_a, world.village_b],
        quarter=Quarter.containing(today).previous(),
    )
    objects.hazard = hazard_report(
        hazard=Hazard(
            enterprise=world.enterprise_x,
            found_on=today - timedelta(days=20),
            location="喷涂车间",
            description="通风设施损坏",
            category="site",
            subcategory="equipment",
            rectification_deadline=today + timedelta(days=10),
            responsible_person="王建国",
        ),
        actor=enterprise_user_x,
        photos=[make_image()],
    )
    return objects


def test_each_key_page_takes_as_many_queries_with_ten_times_the_data(client, o):
    client.force_login(o.staff)
    add_enterprises(o, o.villages, 1)  # 3 enterprises with X and Y
    enrich_x(o, 1)
    pre_deduction_create(town=o.town1, quarter=o.quarter, points=3, reason="网格责任人未落实", actor=o.staff)
    rank_and_publish(o)
    small = query_counts(client, key_pages(o))

    # A third town with its own community and villages; 27 more enterprises; X and its hazard with more of all.
    town3 = make_cell(parent=o.city, name="第三镇")
    community = make_cell(parent=town3, name="第三镇第一工作片")
    villages = [make_cell(parent=community, name=f"第{n}网格") for n in range(1, 4)]
    add_enterprises(o, [*o.villages, *villages], 27)
    enrich_x(o, 6)
    walk_the_hazard(o)
    pre_deduction_create(town=town3, quarter=o.quarter, points=2, reason="网格责任人未落实", actor=o.staff)
    rank_and_publish(o)
    large = query_counts(client, key_pages(o))

    assert Enterprise.objects.count() == 30
    grown = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not grown, f"pages whose queries grow with the data (3 → 30 enterprises): {grown}"
    assert max(large.values()) <= 20, large
