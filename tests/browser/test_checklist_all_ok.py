"""全部符合 in a real browser: the script ticks 符合 on every item (no page load), the inspector marks the exception,
and Enter in a field saves the checklist rather than pressing 全部符合 (whose button belongs to a form of its own)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.roles import Role
from inspections.inspection.models import InspectionCheck
from inspections.inspection.services import checklist_items_for, inspection_record
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_all_passed_by_script_then_one_exception_saved_with_enter(page, live_server, artifacts_dir):
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="陶山镇")))
    enterprise = make_enterprise(grid_cell=village, name="陶山铸造厂")
    inspector = make_user(Role.INSPECTOR, username="insp_all_ok", password="Test-pass-2026", name="胡思高")
    second = make_user(Role.INSPECTOR, username="insp_all_ok2", password="Test-pass-2026", name="薛翔晔")
    today = timezone.localdate()
    inspection = inspection_record(enterprise=enterprise, date=today, inspectors=[inspector, second], actor=inspector)
    items = list(checklist_items_for(enterprise))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("insp_all_ok")
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + inspection.get_absolute_url())

    rows = page.locator("fieldset.checklist-item")
    rows.nth(0).get_by_label("不适用").check()
    rows.nth(1).get_by_label("不符合").check()
    page.get_by_role("button", name="全部符合").click()
    page.wait_for_selector("text=项记为符合")
    assert rows.nth(0).get_by_label("符合", exact=True).is_checked()
    assert rows.nth(1).get_by_label("符合", exact=True).is_checked()
    assert not inspection.checks.exists()  # the script saved nothing: no page load

    rows.nth(1).get_by_label("不符合").check()
    rows.nth(1).get_by_label("说明").fill("砂型车间除尘器未运行")
    page.get_by_label("不符合项整改期限").fill(f"{today + timedelta(days=15):%Y-%m-%d}")
    page.get_by_label("整改责任人").fill("王建国")
    page.screenshot(path=str(artifacts_dir / "checklist-all-ok-phone.png"), full_page=True)
    page.get_by_label("整改责任人").press("Enter")
    page.wait_for_selector("text=发现隐患 1 项")

    results = dict(inspection.checks.values_list("item_id", "result"))
    assert results == {item.pk: ("failed" if item == items[1] else "passed") for item in items}
    assert InspectionCheck.objects.get(item=items[1], inspection=inspection).hazard.description.endswith(
        "砂型车间除尘器未运行"
    )
