import pytest

from bureau.roles import Role
from inspections.inspection.models import Inspection
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_on_a_phone_picks_an_enterprise_from_the_suggestions(page, live_server, artifacts_dir):
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="陶山镇")))
    make_enterprise(grid_cell=village, name="陶山铸造厂", address="陶山镇桐溪路18号")
    branch = make_enterprise(grid_cell=village, name="陶山铸造厂二分厂", address="陶山镇荆谷村")
    make_user(Role.INSPECTOR, username="insp_suggest", password="Test-pass-2026", name="胡思高")
    make_user(Role.INSPECTOR, username="insp_other", password="Test-pass-2026", name="薛翔晔")
    # The page's requests, the suggestions' included, all answer (Chromium's favicon request is not among them).
    errors = []
    page.on("response", lambda response: response.status >= 400 and errors.append(response.url))

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("insp_suggest")
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/inspections/new/")
    box = page.get_by_role("combobox", name="被检查单位")
    box.press_sequentially("铸造厂", delay=50)

    listbox = page.get_by_role("listbox")
    listbox.wait_for()
    assert listbox.get_by_role("option").count() == 2
    assert box.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(artifacts_dir / "enterprise-suggest-phone.png"), full_page=True)
    box.press("Escape")
    assert not listbox.is_visible() and box.get_attribute("aria-expanded") == "false"
    box.press("ArrowDown")  # opens the list again on its first row
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == listbox.get_by_role("option").nth(1).get_attribute("id")
    box.press("Enter")

    assert box.input_value() == branch.credit_code
    assert not listbox.is_visible()
    assert box.get_attribute("aria-expanded") == "false"
    page.get_by_label("薛翔晔").check()
    page.get_by_role("button", name="保存并填写检查表").click()
    page.wait_for_selector("text=请逐项填写检查表")
    assert Inspection.objects.get().enterprise == branch
    assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    assert errors == []


def test_without_a_choice_the_form_lists_the_candidates(page, live_server):
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="陶山镇")))
    make_enterprise(grid_cell=village, name="陶山铸造厂")
    branch = make_enterprise(grid_cell=village, name="陶山铸造厂二分厂")
    make_user(Role.INSPECTOR, username="insp_steps", password="Test-pass-2026", name="胡思高")
    make_user(Role.INSPECTOR, username="insp_two", password="Test-pass-2026", name="薛翔晔")

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("insp_steps")
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/inspections/new/")
    page.locator("#id_enterprise").fill("铸造")
    page.get_by_label("薛翔晔").check()
    page.get_by_role("button", name="保存并填写检查表").click()

    page.get_by_text("找到 2 家，请选择一家后再次提交").wait_for()
    page.get_by_label("陶山铸造厂二分厂").check()
    page.get_by_role("button", name="保存并填写检查表").click()
    page.wait_for_selector("text=请逐项填写检查表")
    assert Inspection.objects.get().enterprise == branch
