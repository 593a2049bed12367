import pytest
from PIL import Image

from bureau.roles import Role
from hazards.models import Hazard
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_enterprise_user_reports_a_hazard_with_a_photo_from_a_phone(page, live_server, artifacts_dir, tmp_path):
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="仙降街道")))
    enterprise = make_enterprise(grid_cell=village, name="仙降鞋业")
    make_user(Role.ENTERPRISE, username="ent_phone", password="Test-pass-2026", enterprise=enterprise)
    photo = tmp_path / "现场.jpg"
    Image.new("RGB", (640, 480), (180, 60, 30)).save(photo, "JPEG")

    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("ent_phone")
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/hazards/new/")
    page.get_by_label("隐患部位").fill("二楼胶粘车间")
    page.get_by_label("隐患描述").fill("溶剂油桶未加盖，通风不良")
    page.get_by_label("隐患类别").select_option("site")
    page.get_by_label("隐患子类").select_option("chemicals")
    page.get_by_label("整改期限").fill("2030-01-31")
    page.get_by_label("整改责任人").fill("周晓东")
    page.get_by_label("隐患照片").set_input_files(str(photo))
    page.screenshot(path=str(artifacts_dir / "hazard-report-phone.png"), full_page=True)
    page.get_by_role("button", name="上报").click()

    page.wait_for_selector("text=隐患已上报")
    assert page.locator("img.hazard-photo").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=str(artifacts_dir / "hazard-detail-phone.png"), full_page=True)
    page.goto(live_server.url + "/hazards/")
    assert page.get_by_role("link", name="二楼胶粘车间").is_visible()
    page.screenshot(path=str(artifacts_dir / "hazard-list-phone.png"), full_page=True)
    assert Hazard.objects.get().photos.count() == 1
