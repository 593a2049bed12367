"""Text is shown escaped everywhere: a script typed into a hazard, an enterprise name, a talk, a campaign or a grid
assignment comes back as text on every page that shows it, never as a tag."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from grids.models import Capacity
from grids.services import grid_assign
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_save
from inspections.inspection.services import inspection_record
from inspections.registers.services import talk_record
from tests.factories import make_hazard

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


@pytest.fixture
def hostile_records(world, staff, inspector, inspector2, bureau_admin, grid_officer_a, enterprise_user_x):
    enterprise = world.enterprise_x
    enterprise.name = SCRIPT
    enterprise.save()
    hazard = make_hazard(enterprise=enterprise, reported_by=enterprise_user_x, description=SCRIPT, location=SCRIPT)
    talk_record(
        enterprise=enterprise,
        head_name="张总",
        date=timezone.localdate(),
        interviewers=[staff],
        topics=SCRIPT,
        actor=staff,
    )
    campaign = campaign_save(
        campaign=Campaign(name=SCRIPT, description=SCRIPT, start_date=date(2026, 1, 1), end_date=date(2026, 12, 31)),
        special_categories=[],
        industries=["other"],
        towns=[],
        actor=staff,
    )
    CampaignTarget.objects.get_or_create(campaign=campaign, enterprise=enterprise)
    inspection = inspection_record(
        enterprise=enterprise,
        date=timezone.localdate() - timedelta(days=1),
        inspectors=[inspector, inspector2],
        actor=inspector,
        campaign=campaign,
        kind="campaign",
        summary=SCRIPT,
    )
    grid_assign(
        cell=world.village_a,
        user=grid_officer_a,
        capacity=Capacity.RESPONSIBLE,
        start_date=timezone.localdate(),
        actor=bureau_admin,
        note=SCRIPT,
    )
    return {"enterprise": enterprise, "hazard": hazard, "campaign": campaign, "inspection": inspection}


def pages(world, records):
    enterprise, hazard, campaign = records["enterprise"], records["hazard"], records["campaign"]
    return {
        "staff": [
            reverse("enterprises:list"),
            reverse("enterprises:detail", args=[enterprise.pk]),
            reverse("hazards:list"),
            reverse("hazards:detail", args=[hazard.pk]),
            reverse("inspections:list"),
            reverse("inspections:detail", args=[records["inspection"].pk]),
            reverse("inspections:talks"),
            reverse("campaigns:list"),
            reverse("campaigns:detail", args=[campaign.pk]),
            reverse("grids:detail", args=[world.village_a.code]),
        ],
        "enterprise": [
            reverse("enterprises:detail", args=[enterprise.pk]),
            reverse("hazards:list"),
            reverse("hazards:detail", args=[hazard.pk]),
        ],
        "grid_officer": [
            reverse("grids:detail", args=[world.village_a.code]),
            reverse("enterprises:list"),
            reverse("campaigns:detail", args=[campaign.pk]),
        ],
    }


def test_every_page_shows_the_script_as_text(client, world, hostile_records, staff, enterprise_user_x, grid_officer_a):
    users = {"staff": staff, "enterprise": enterprise_user_x, "grid_officer": grid_officer_a}
    for role, urls in pages(world, hostile_records).items():
        client.force_login(users[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url)
            page = response.content.decode()
            assert SCRIPT not in page, f"{role} {url}: the tag is on the page unescaped"
            assert ESCAPED in page, f"{role} {url}: the page does not show the stored text at all"


def test_each_kind_of_record_is_shown_somewhere(client, world, hostile_records, staff):
    """The pages above really show each hostile field: hazard description, enterprise name, talk topics, campaign
    name, assignment note (each page's count of the escaped text grows when one more field holds it)."""
    client.force_login(staff)
    shown_on = {
        "hazard description": reverse("hazards:detail", args=[hostile_records["hazard"].pk]),
        "talk topics": reverse("inspections:talks"),
        "campaign name": reverse("campaigns:list"),
        "assignment note": reverse("grids:detail", args=[world.village_a.code]),
        "enterprise name": reverse("enterprises:list"),
    }
    for what, url in shown_on.items():
        assert ESCAPED in client.get(url).content.decode(), what
