"""An inspector's day on a phone: from the due enterprises on the home page (the due list's first rows) to an
inspection with one failed item, the rectification order listing the hazard it found, and the order printed — in at
most 6 page loads."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.roles import Role
from hazards.models import Hazard
from inspections.enforcement.models import Document
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.services import checklist_items_for
from tests.factories import make_cell, make_enterprise, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 6


def test_an_inspector_goes_from_the_due_enterprises_to_a_printed_order(journey):
    city = make_cell(code="330381", name="瑞安市")
    town = make_cell(parent=city, name="陶山镇")
    village = make_cell(parent=make_cell(parent=town, name="陶山第一工作片"), name="陶山村")
    for name in ("陶山纸箱厂", "陶山五金厂", "陶山包装厂"):
        make_enterprise(grid_cell=village, name=name)
    enterprise = make_enterprise(grid_cell=village, name="陶山铸造厂", address="陶山镇工业区 8 号")
    make_user(Role.INSPECTOR, username="insp_day", name="胡思高")
    make_user(Role.INSPECTOR, username="insp_day2", name="薛翔晔")
    failed_item = list(checklist_items_for(enterprise))[1]
    deadline = f"{timezone.localdate() + timedelta(days=15):%Y-%m-%d}"

    day = journey("inspector")
    page = day.page
    day.sign_in("insp_day")
    day.restart()  # signed in earlier: the day starts on the home page, its 待检企业 the due list's first rows

    day.open("/")
    day.step("home")
    due = page.get_by_role("region", name="待检企业")
    assert due.get_by_role("link", name="陶山纸箱厂", exact=True).is_visible()
    due.get_by_role("link", name="开始检查：陶山铸造厂").click()

    page.wait_for_selector("text=被检查单位：")
    assert page.get_by_label("胡思高").is_checked()  # the signed-in officer comes pre-selected
    day.step("new inspection")
    page.get_by_label("薛翔晔").check()
    page.get_by_role("button", name="保存并填写检查表").click()

    page.wait_for_selector("text=请逐项填写检查表")
    page.get_by_role("button", name="全部符合").click()  # a script: no page load
    page.wait_for_selector("text=项记为符合")
    item = page.get_by_role("group", name=failed_item.text)
    item.get_by_label("不符合").check()
    item.get_by_label("说明").fill("砂型车间除尘器未运行")
    page.get_by_label("不符合项整改期限").fill(deadline)
    page.get_by_label("整改责任人").fill("王建国")
    day.step("checklist")
    page.get_by_role("button", name="保存检查表").click()

    page.wait_for_selector("text=发现隐患 1 项")
    day.step("inspection saved")
    page.get_by_role("link", name="签发责令限期整改指令书").click()

    hazard = Hazard.objects.get()
    assert page.get_by_label(hazard.location, exact=False).is_checked()  # the inspection's hazard comes ticked
    page.get_by_label("共同签署的执法人员").select_option(label="薛翔晔")
    page.get_by_label("整改期限").fill(deadline)
    day.step("order form")
    page.get_by_role("button", name="签发").click()

    page.wait_for_selector("text=已签发责令限期整改指令书")
    document = Document.objects.get(kind=DocumentKind.RECTIFICATION_ORDER)
    assert list(document.hazards.all()) == [hazard]
    assert "砂型车间除尘器未运行" in page.content()
    day.step("order")
    page.get_by_role("link", name="打印").click()  # the browser's print dialog: no page load
    assert day.prints() == 1
    page.emulate_media(media="print")
    day.step("order printed")

    assert document.number in page.content()
    day.assert_within(LIMIT)
