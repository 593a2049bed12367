"""In a real browser: the ranking, bulletin and dashboard pages break no CSP rule and fit a 375px phone."""

import pytest

from bureau.assessment.bulletins import bulletin_draft
from bureau.roles import Role
from tests.assessment.builders import last_ended_quarter, rank_two_quarters
from tests.conftest import World
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Test-pass-2026"


def small_world():
    city = make_cell(code="330381", name="瑞安市")
    town1, town2 = make_cell(parent=city, name="仙降街道"), make_cell(parent=city, name="飞云街道")
    village_a = make_cell(parent=make_cell(parent=town1))
    village_b = make_cell(parent=make_cell(parent=town2))
    return World(
        city=city,
        town1=town1,
        town2=town2,
        cell_a=village_a.parent,
        cell_b=village_b.parent,
        village_a=village_a,
        village_b=village_b,
        enterprise_x=make_enterprise(grid_cell=village_a, name="企业X"),
        enterprise_y=make_enterprise(grid_cell=village_b, name="企业Y"),
    )


def test_assessment_pages_load_without_csp_violations_and_fit_a_phone(page, live_server):
    staff = make_user(Role.STAFF, username="staff_rank", password=PASSWORD)
    ranking = rank_two_quarters(small_world(), staff)
    bulletin = bulletin_draft(ranking=ranking, actor=staff)
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.set_viewport_size({"width": 375, "height": 800})

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("staff_rank")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/")
    for path in [
        "/",
        "/rankings/",
        f"/rankings/{last_ended_quarter().slug}/",
        f"/bulletins/{bulletin.pk}/",
        "/bulletins/",
        "/accidents/follow-ups/",
        "/accidents/",
    ]:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        # Wide tables scroll inside their box; the page itself never scrolls sideways.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path

    assert violations == []
