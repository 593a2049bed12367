"""A grid officer's day on a phone: on the home page's chase list, 催办 an overdue hazard of their cells (the
enterprise is notified), then open another that is rectified and close it (验收销号) on its page, where the
enterprise's phone is a tap away — in at most 4 page loads. Hazards of other cells are not on the list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.roles import Role
from hazards.models import Hazard, HazardStatus
from tests.factories import make_cell, make_enterprise, make_hazard, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# home, home again after 催办 on its row, the rectified hazard, the hazard closed.
LIMIT = 4


def test_a_grid_officer_closes_an_overdue_hazard_of_their_cells(journey):
    city = make_cell(code="330381", name="瑞安市")
    cell = make_cell(parent=make_cell(parent=city, name="仙降街道"), name="仙降第一工作片")
    other_cell = make_cell(parent=make_cell(parent=city, name="飞云街道"), name="飞云第一工作片")
    mine = make_enterprise(
        grid_cell=make_cell(parent=cell, name="仙降村"),
        name="仙降鞋业有限公司",
        safety_contact="周晓东",
        safety_phone="13857712345",
    )
    other = make_enterprise(grid_cell=make_cell(parent=other_cell, name="飞云村"), name="飞云塑料厂")
    officer = make_user(Role.GRID_OFFICER, username="grid_day", name="陈海波", grid_cell=cell)
    reporter = make_user(Role.ENTERPRISE, username="ent_mine", enterprise=mine)
    today = timezone.localdate()
    past = today - timedelta(days=4)
    late = make_hazard(
        enterprise=mine,
        reported_by=reporter,
        location="成品仓库",
        status=HazardStatus.RECTIFYING,
        rectification_deadline=past,
        found_on=past - timedelta(days=20),
    )
    rectified = make_hazard(
        enterprise=mine,
        reported_by=reporter,
        location="胶粘车间",
        description="溶剂油桶未加盖",
        status=HazardStatus.RECTIFIED,
        rectified_on=today - timedelta(days=1),
        rectification_deadline=past,
        found_on=past - timedelta(days=20),
    )
    make_hazard(
        enterprise=other,
        reported_by=reporter,
        location="注塑车间",
        rectification_deadline=past,
        found_on=past - timedelta(days=20),
    )

    day = journey("grid-officer")
    page = day.page
    day.sign_in("grid_day")
    day.restart()  # signed in earlier: the day starts on the home page

    day.open("/")
    day.step("home")
    assert page.get_by_role("link", name="仙降鞋业有限公司 · 成品仓库").is_visible()
    assert page.get_by_role("link", name="飞云塑料厂 · 注塑车间").count() == 0  # another officer's cell
    # Rectified, it waits for verification, not for the enterprise: no 催办 on its row.
    assert page.get_by_role("button", name="催办：仙降鞋业有限公司 · 胶粘车间").count() == 0
    page.get_by_role("button", name="催办：仙降鞋业有限公司 · 成品仓库").click()

    page.wait_for_selector("text=已催办，已通知仙降鞋业有限公司")
    day.step("chased")
    assert page.get_by_text("今天已催办").is_visible()
    page.get_by_role("link", name="仙降鞋业有限公司 · 胶粘车间").first.click()

    page.wait_for_selector("text=逾期")
    day.step("overdue hazard")
    assert page.get_by_role("link", name="13857712345").get_attribute("href") == "tel:13857712345"
    page.get_by_label("验收意见").fill("现场复核，油桶已加盖，通风已恢复。")
    page.get_by_role("button", name="验收销号").click()

    page.wait_for_selector("text=操作成功")
    day.step("closed")
    rectified.refresh_from_db()
    assert rectified.status == HazardStatus.CLOSED
    assert rectified.events.get(action="close").actor == officer
    assert Hazard.objects.get(location="注塑车间").status == HazardStatus.REPORTED
    assert late.events.get(action="chase").actor == officer
    assert reporter.notifications.get(key__startswith="chase:").url == late.get_absolute_url()
    day.assert_within(LIMIT)
