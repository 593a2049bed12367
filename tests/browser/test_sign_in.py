import pytest

from bureau.roles import Role
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_and_sees_the_chinese_home(page, live_server, artifacts_dir):
    make_user(Role.STAFF, username="staff_browser", password="Test-pass-2026")

    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    page.get_by_label("用户名").fill("staff_browser")
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()

    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="您好").is_visible() or "您好" in page.content()
    assert "局机关" in page.content()
    page.screenshot(path=str(artifacts_dir / "home-staff.png"), full_page=True)


def test_sign_in_page_fits_a_phone(page, live_server, artifacts_dir):
    page.set_viewport_size({"width": 375, "height": 740})

    page.goto(live_server.url + "/accounts/login/")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    page.screenshot(path=str(artifacts_dir / "login-phone.png"), full_page=True)
