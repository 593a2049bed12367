import pytest

from bureau.roles import Role
from inspections.enforcement.models import Document
from inspections.enforcement.specs import DocumentKind
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_inspector_on_a_phone_records_a_failed_item_and_issues_an_order(page, live_server, artifacts_dir):
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="陶山镇")))
    enterprise = make_enterprise(grid_cell=village, name="陶山铸造厂")
    make_user(Role.INSPECTOR, username="insp_phone", password="Test-pass-2026", name="胡思高")
    make_user(Role.INSPECTOR, username="insp_two", password="Test-pass-2026", name="薛翔晔")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("insp_phone")
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()

    page.goto(live_server.url + "/inspections/new/")
    page.get_by_label("被检查单位").fill(enterprise.credit_code)
    page.get_by_label("薛翔晔").check()
    page.get_by_role("button", name="保存并填写检查表").click()
    page.wait_for_selector("text=请逐项填写检查表")

    first_item = page.locator("fieldset.checklist-item").first
    first_item.get_by_label("不符合").check()
    first_item.get_by_label("说明").fill("安全管理人员证书过期")
    page.get_by_label("不符合项整改期限").fill("2030-06-30")
    page.get_by_label("整改责任人").fill("王建国")
    page.screenshot(path=str(artifacts_dir / "inspection-checklist-phone.png"), full_page=True)
    page.get_by_role("button", name="保存检查表").click()
    page.wait_for_selector("text=发现隐患 1 项")

    page.get_by_role("link", name="签发责令限期整改指令书").click()
    page.get_by_label("共同签署的执法人员").select_option(label="薛翔晔")
    page.locator("input[name=hazards]").first.check()
    page.get_by_label("整改期限").fill("2030-06-30")
    page.get_by_role("button", name="签发").click()
    page.wait_for_selector("text=已签发责令限期整改指令书")

    document = Document.objects.get(kind=DocumentKind.RECTIFICATION_ORDER)
    assert document.number in page.content()
    assert "安全管理人员证书过期" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1
    page.screenshot(path=str(artifacts_dir / "rectification-order-phone.png"), full_page=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
    page.screenshot(path=str(artifacts_dir / "rectification-order-print.png"), full_page=True)
    assert not page.locator("header.navbar").is_visible()  # the print stylesheet hides the header (no-print)
