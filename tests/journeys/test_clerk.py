"""A clerk's (staff) day on a phone: from the home page to 50 targets of a campaign marked 已排查 — in at most 3 page
loads, whatever the number of targets."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.roles import Role
from enterprises.models import SpecialCategory
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.services import campaign_generate_targets, campaign_save
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 3
TARGETS = 62  # more than a page (50): the clerk marks the page's targets


def _campaign(staff):
    city = make_cell(code="330381", name="瑞安市")
    ammonia = SpecialCategory.objects.get(code="ammonia_refrigeration")
    for town_name, count in (("飞云街道", 40), ("塘下镇", TARGETS - 40)):
        village = make_cell(parent=make_cell(parent=make_cell(parent=city, name=town_name)))
        for n in range(count):
            make_enterprise(grid_cell=village, name=f"{town_name}冷库{n + 1:02d}号").special_categories.add(ammonia)
    make_enterprise(grid_cell=village, name="塘下五金厂")  # out of the campaign's scope
    today = timezone.localdate()
    campaign = campaign_save(
        campaign=Campaign(name="涉氨制冷企业专项整治", start_date=today.replace(day=1), end_date=today + timedelta(60)),
        special_categories=[ammonia],
        industries=[],
        towns=[],
        actor=staff,
    )
    campaign_generate_targets(campaign=campaign, actor=staff)
    return campaign


def test_a_clerk_marks_a_page_of_campaign_targets_surveyed(journey):
    staff = make_user(Role.STAFF, username="clerk_day", name="林晓")
    campaign = _campaign(staff)
    assert campaign.targets.count() == TARGETS

    day = journey("clerk")
    page = day.page
    day.sign_in("clerk_day")
    day.restart()  # signed in earlier: the day starts on the home page

    day.open("/")
    day.step("home")
    page.get_by_role("link", name="涉氨制冷企业专项整治").first.click()

    page.wait_for_selector("text=整治对象")
    day.step("campaign")
    page.get_by_label("全选本页").check()  # a script ticks the page's 50 boxes: no page load
    rows = page.get_by_role("checkbox", name=re.compile("^选择"))
    assert rows.count() == 50
    assert rows.evaluate_all("boxes => boxes.every(box => box.checked)")
    page.get_by_role("button", name="标记所选").click()

    page.wait_for_selector("text=已标记 50 家")
    day.step("marked")
    surveyed = CampaignTarget.objects.filter(campaign=campaign, surveyed_on__isnull=False)
    assert surveyed.count() == 50
    assert set(surveyed.values_list("surveyed_on", flat=True)) == {campaign.default_mark_date(timezone.localdate())}
    day.assert_within(LIMIT)
