"""The key lists on a 390 px phone and a 1280 px desktop, each as a role that uses it: no horizontal scroll, each
row a card on the phone, the filters folded behind 筛选 there and open on the desktop, a chip removes its filter."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.roles import Role
from enterprises.models import SpecialCategory
from inspections.campaigns.services import campaign_generate_targets
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from tests.conftest import make_world
from tests.factories import make_enterprise, make_hazard, make_user
from tests.inspections.test_campaign_pages import make_campaign

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 390, 1280
LONG_NAME = "瑞安市仙降街道鸿达鞋业有限公司第二生产分厂（原仙降胶粘制品厂）"
LONG_DESCRIPTION = "二楼胶粘车间溶剂油桶未加盖，局部排风装置损坏停用，车间内可燃气体浓度报警器未定期检定，" * 3


def _world():
    world = make_world()
    staff = make_user(Role.STAFF, username="staff_l")
    inspector = make_user(Role.INSPECTOR, username="insp_l", name="胡思高")
    co_signer = make_user(Role.INSPECTOR, username="insp_l2", name="薛翔晔")
    make_user(Role.ENTERPRISE, username="ent_l", enterprise=world.enterprise_x)
    dust = SpecialCategory.objects.get(code="dust")
    for n in range(6):
        enterprise = make_enterprise(grid_cell=world.village_a, name=f"{LONG_NAME}{n}")
        enterprise.special_categories.add(dust)
        make_hazard(enterprise=enterprise, reported_by=inspector, description=LONG_DESCRIPTION, location="二楼胶粘车间")
        document_issue(kind=DocumentKind.INSPECTION_RECORD, enterprise=enterprise, actor=inspector, co_signer=co_signer)
    for n in range(3):
        make_hazard(
            enterprise=world.enterprise_x,
            reported_by=inspector,
            description=LONG_DESCRIPTION,
            rectification_deadline=timezone.localdate() - timedelta(days=n + 1),
        )
    campaign = make_campaign(staff)
    campaign_generate_targets(campaign=campaign, actor=staff)
    return campaign


def _sign_in(page, base, username):
    page.context.clear_cookies()
    page.goto(base + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill("Test-pass-2026")
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def _check_list(page, url, name, artifacts_dir):
    for width in (PHONE, DESKTOP):
        page.set_viewport_size({"width": width, "height": 844 if width == PHONE else 900})
        page.goto(url)
        page.screenshot(path=str(artifacts_dir / f"list-{name}-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, f"{name} scrolls sideways at {width}"
        table = page.locator("table.table-cards")
        assert table.count() == 1
        # Nothing hidden in a scrolling box either: the table fits its wrapper.
        assert table.evaluate("t => t.scrollWidth <= t.parentElement.clientWidth"), f"{name}'s table overflows"
        form = page.locator("details.filter-panel form")
        if width == PHONE:
            assert not form.is_visible(), f"{name}: the filters should be folded on a phone"
            assert page.locator("details.filter-panel > summary").is_visible()
            first_row = table.locator("tbody > tr").first
            assert first_row.evaluate("r => getComputedStyle(r).display") == "flex"  # a card
            assert first_row.evaluate("r => r.getBoundingClientRect().height") < 260
        else:
            assert form.is_visible(), f"{name}: the filters should be open on a desktop"


def test_the_key_lists_fit_a_phone_as_the_roles_that_use_them(page, live_server, artifacts_dir):
    campaign = _world()
    base = live_server.url

    _sign_in(page, base, "ent_l")
    _check_list(page, base + "/hazards/", "hazards-enterprise", artifacts_dir)
    assert page.locator("select[name=town], input[name=enterprise], input[name=grid]").count() == 0

    _sign_in(page, base, "insp_l")
    _check_list(page, base + "/hazards/?status=reported&overdue=0", "hazards-inspector", artifacts_dir)
    _check_list(page, base + "/enterprises/due/", "due-inspector", artifacts_dir)
    _check_list(page, base + "/documents/", "documents-inspector", artifacts_dir)

    _sign_in(page, base, "staff_l")
    _check_list(page, base + "/enterprises/", "enterprises-staff", artifacts_dir)
    _check_list(page, base + f"/campaigns/{campaign.pk}/", "campaign-targets-staff", artifacts_dir)


def test_a_chip_removes_its_filter_on_a_phone(page, live_server, artifacts_dir):
    _world()
    _sign_in(page, live_server.url, "insp_l")
    page.set_viewport_size({"width": PHONE, "height": 844})
    page.goto(live_server.url + "/hazards/?status=reported&overdue=1&page=1")
    page.get_by_role("link", name="移除筛选：状态 已上报").click()
    page.wait_for_load_state()
    assert page.url.endswith("/hazards/?overdue=1")
    assert page.get_by_role("link", name="移除筛选：逾期 是").is_visible()
    # The folded panel opens with one tap, no script needed.
    page.locator("details.filter-panel > summary").click()
    assert page.get_by_label("状态", exact=True).is_visible()
