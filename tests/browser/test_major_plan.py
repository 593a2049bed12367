import pytest

from bureau.roles import Role
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_treatment_plan_appears_only_when_a_criterion_is_chosen(page, live_server):
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="仙降街道")))
    make_user(Role.ENTERPRISE, username="ent_plan", enterprise=make_enterprise(grid_cell=village, name="仙降鞋业"))

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("ent_plan")
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.goto(live_server.url + "/hazards/new/")
    plan = page.locator("textarea[name=plan_objectives]")

    assert not plan.is_visible()
    # An item of the criteria (判定依据) makes the hazard major: the plan appears.
    page.locator("select[name=criterion]").select_option(index=1)
    assert plan.is_visible()
    assert page.locator("[data-major-plan]:visible").count() == 6
    page.locator("select[name=criterion]").select_option("")
    assert not plan.is_visible()
