"""What the inspections app shows on an enterprise's dossier, scoped to the user, in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.utils import timezone

from enterprises.models import SpecialCategory
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_generate_targets, campaign_save
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.services import inspection_add_finding, inspection_record
from inspections.panels import dossier_section
from inspections.registers.models import Talk
from tests.procedure import filed_case

TODAY = timezone.localdate()


def section_for(user, enterprise):
    request = RequestFactory().get("/")
    request.user = user
    return dossier_section(request, enterprise)


def visit(enterprise, inspector, inspector2, days_ago=0):
    return inspection_record(
        enterprise=enterprise,
        date=TODAY - timedelta(days=days_ago),
        inspectors=[inspector, inspector2],
        actor=inspector,
    )


def record(world, enterprise, inspector, inspector2, staff, n=1):
    """n inspections (the first finding a hazard), n inspection records (the first corrected), a case (and its
    filing document), n talks."""
    first = visit(enterprise, inspector, inspector2)
    inspection_add_finding(
        inspection=first,
        actor=inspector,
        location="罐区",
        description="防火堤破损",
        rectification_deadline=TODAY + timedelta(days=10),
        responsible_person="赵强",
    )
    for i in range(1, n):
        visit(enterprise, inspector, inspector2, days_ago=i)
    original = document_issue(
        kind=DocumentKind.INSPECTION_RECORD, enterprise=enterprise, actor=inspector, co_signer=inspector2
    )
    document_issue(
        kind=DocumentKind.INSPECTION_RECORD,
        enterprise=enterprise,
        actor=inspector,
        co_signer=inspector2,
        supersedes=original,
    )
    for _ in range(1, n):
        document_issue(
            kind=DocumentKind.INSPECTION_RECORD, enterprise=enterprise, actor=inspector, co_signer=inspector2
        )
    filed_case(enterprise, inspector, inspector2, title="未按规定设置防火堤")
    for _ in range(n):
        talk = Talk.objects.create(
            enterprise=enterprise, head_name="钱总", date=TODAY, topics="罐区整改", created_by=staff
        )
        talk.interviewers.set([inspector, staff])
    return original


@pytest.fixture
def tank_campaign(world, staff):
    tank_area = SpecialCategory.objects.get(code="chemical_tank_area")
    world.enterprise_x.special_categories.add(tank_area)
    campaign = campaign_save(
        campaign=Campaign(name="危化品罐区专项整治", start_date=date(2026, 8, 25), end_date=date(2026, 12, 31)),
        special_categories=[tank_area],
        industries=[],
        towns=[],
        actor=staff,
    )
    campaign_generate_targets(campaign=campaign, actor=staff)
    CampaignTarget.objects.filter(campaign=campaign).update(surveyed_on=date(2026, 9, 1))
    return campaign


def test_the_section_gathers_the_enterprises_enforcement_record(world, staff, inspector, inspector2, tank_campaign):
    original = record(world, world.enterprise_x, inspector, inspector2, staff)
    record(world, world.enterprise_y, inspector, inspector2, staff)

    section = section_for(staff, world.enterprise_x)

    [inspection] = section["inspections"]
    assert inspection.enterprise == world.enterprise_x
    assert inspection.hazard_count == 1
    assert {o.username for o in inspection.inspectors.all()} == {"inspector1", "inspector2"}
    # The case filing, the corrected record, the record it corrects (marked 已更正 on the page).
    assert [(d.kind, d.is_superseded) for d in section["documents"]] == [
        (DocumentKind.CASE_FILING, False),
        (DocumentKind.INSPECTION_RECORD, False),
        (DocumentKind.INSPECTION_RECORD, True),
    ]
    assert section["documents"][2] == original
    assert [c.title for c in section["cases"]] == ["未按规定设置防火堤"]
    assert [(t.campaign, t.surveyed_on, t.completed_on) for t in section["campaign_targets"]] == [
        (tank_campaign, date(2026, 9, 1), None)
    ]
    assert [t.enterprise for t in section["talks"]] == [world.enterprise_x]
    assert section["can_see_campaigns"] is True


def test_an_enterprise_user_sees_its_own_record_but_not_anothers(
    world, staff, inspector, inspector2, enterprise_user_x, enterprise_user_y, tank_campaign
):
    record(world, world.enterprise_x, inspector, inspector2, staff)

    own = section_for(enterprise_user_x, world.enterprise_x)
    other = section_for(enterprise_user_y, world.enterprise_x)

    assert len(own["inspections"]) == 1 and len(own["talks"]) == 1 and len(own["campaign_targets"]) == 1
    assert own["can_see_campaigns"] is False  # no link to the campaign pages, which are the bureau's
    for key in ("inspections", "documents", "cases", "campaign_targets", "talks"):
        assert other[key] == [], key


def test_only_the_latest_ten_inspections_and_documents(world, staff, inspector, inspector2):
    record(world, world.enterprise_x, inspector, inspector2, staff, n=12)

    section = section_for(staff, world.enterprise_x)

    assert len(section["inspections"]) == 10
    assert section["inspections"][0].date == TODAY
    assert len(section["documents"]) == 10


def test_the_query_count_does_not_grow_with_the_record(
    world, staff, inspector, inspector2, grid_officer_a, tank_campaign, django_assert_max_num_queries
):
    record(world, world.enterprise_x, inspector, inspector2, staff)
    for user in (staff, grid_officer_a):
        section_for(user, world.enterprise_x)  # roles and profiles are read once per request
    with django_assert_max_num_queries(10) as small:
        section_for(staff, world.enterprise_x)

    record(world, world.enterprise_x, inspector, inspector2, staff, n=8)
    with django_assert_max_num_queries(len(small.captured_queries)):
        section = section_for(staff, world.enterprise_x)
        [list(i.inspectors.all()) for i in section["inspections"]]
        [list(t.interviewers.all()) for t in section["talks"]]
        [(d.is_superseded, t.campaign.name) for d in section["documents"] for t in section["campaign_targets"]]
    with django_assert_max_num_queries(len(small.captured_queries) + 3):
        section_for(grid_officer_a, world.enterprise_x)  # plus the grid officer's profile and scope
