"""An admin's day on a phone: from the home page to the account letters of every enterprise of a town that has no
account yet, printed — in at most 5 page loads."""

import pytest

from bureau.roles import Role
from enterprises.models import EnterpriseMembership
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 5


def test_an_admin_issues_the_accounts_of_a_town_and_prints_their_letters(journey):
    city = make_cell(code="330381", name="瑞安市")
    town = make_cell(parent=city, name="塘下镇")
    village = make_cell(parent=make_cell(parent=town, name="塘下第一工作片"), name="塘下村")
    elsewhere = make_cell(parent=make_cell(parent=make_cell(parent=city, name="飞云街道")))
    enterprises = [make_enterprise(grid_cell=village, name=f"塘下汽配厂{n}") for n in range(1, 5)]
    make_user(Role.ENTERPRISE, username="ent_has", enterprise=enterprises[0])  # has one already: skipped
    make_enterprise(grid_cell=elsewhere, name="飞云塑料厂")  # another town: untouched
    make_user(Role.ADMIN, username="admin_day", name="郑国平")

    day = journey("admin")
    page = day.page
    day.sign_in("admin_day")
    day.restart()  # signed in earlier: the day starts on the home page

    day.open("/")
    day.step("home")
    page.get_by_role("button", name="展开导航").click()
    page.get_by_role("link", name="用户管理").click()

    page.wait_for_selector("text=批量开通企业账号")
    day.step("users")
    page.get_by_role("link", name="批量开通企业账号").click()

    page.get_by_label("镇街").select_option(label="塘下镇")
    day.step("issue form")
    page.get_by_role("button", name="应用筛选", exact=True).click()

    page.wait_for_selector("text=将开通")
    day.step("issue preview")
    page.get_by_role("button", name="开通 3 个账号并生成账号告知书").click()

    page.wait_for_selector("text=已开通 3 个企业账号")
    day.step("letters")
    page.get_by_role("link", name="打印账号告知书").click()  # the print dialog: no page load
    assert day.prints() == 1
    page.emulate_media(media="print")
    day.step("letters printed")

    issued = EnterpriseMembership.objects.exclude(user__username="ent_has")
    assert sorted(issued.values_list("enterprise__name", flat=True)) == ["塘下汽配厂2", "塘下汽配厂3", "塘下汽配厂4"]
    assert all(code in page.content() for code in issued.values_list("user__username", flat=True))
    day.assert_within(LIMIT)
