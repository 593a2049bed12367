"""In a real browser the Content-Security-Policy blocks nothing the portal needs, and Bootstrap's JavaScript works."""

import re

import pytest
from playwright.sync_api import expect

from bureau.roles import Role
from tests.factories import make_cell, make_enterprise, make_hazard, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Test-pass-2026"


def watch_csp(page):
    """Collects every CSP violation the browser reports on its console."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/")


def test_pages_load_without_csp_violations(page, live_server, artifacts_dir):
    village = make_cell(parent=make_cell(parent=make_cell(parent=make_cell(code="330381", name="瑞安市"))))
    enterprise = make_enterprise(grid_cell=village, name="仙降鞋业")
    staff = make_user(Role.STAFF, username="staff_csp", password=PASSWORD)
    make_user(Role.ADMIN, username="admin_csp", password=PASSWORD)
    hazard = make_hazard(enterprise=enterprise, reported_by=staff)
    violations = watch_csp(page)

    sign_in(page, live_server, "staff_csp")
    for path in [
        "/",
        "/enterprises/",
        f"/enterprises/{enterprise.pk}/",
        "/hazards/",
        "/hazards/new/",
        f"/hazards/{hazard.pk}/",
        "/grids/",
        "/self-checks/",
        "/accounts/password/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
    page.context.clear_cookies()
    sign_in(page, live_server, "admin_csp")
    page.goto(live_server.url + "/audit/")
    page.screenshot(path=str(artifacts_dir / "audit-trail.png"), full_page=True)
    page.goto(live_server.url + "/audit/sign-ins/")

    assert violations == []


def test_the_navbar_toggler_works_on_a_phone(page, live_server, artifacts_dir):
    make_user(Role.STAFF, username="staff_phone", password=PASSWORD)
    violations = watch_csp(page)
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, live_server, "staff_phone")

    navigation = page.locator("#main-nav")
    toggler = page.locator(".navbar-toggler")
    assert toggler.is_visible()
    assert not navigation.is_visible()
    toggler.click()
    # Bootstrap animates the height through the CSSOM (allowed by the CSP); "collapse show" once it is done.
    expect(navigation).to_have_class(re.compile(r"\bcollapse show\b"))
    assert navigation.locator("a[href='/hazards/']").is_visible()
    assert toggler.get_attribute("aria-expanded") == "true"
    page.screenshot(path=str(artifacts_dir / "navbar-open-phone.png"), full_page=True)
    toggler.click()
    expect(navigation).to_be_hidden()

    assert violations == []
