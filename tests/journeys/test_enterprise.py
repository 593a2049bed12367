"""An enterprise user's day on a phone: sign in, report a hazard with a photo, file the month's self-check — in at
most 5 page loads, the sign-in page included."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.roles import Role
from hazards.models import Hazard, SelfCheck
from tests.factories import make_cell, make_enterprise, make_user
from tests.photo_files import jpeg_with_location

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LIMIT = 5


def test_an_enterprise_reports_a_hazard_with_a_photo_and_files_its_self_check(journey):
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="仙降街道")), name="仙降村")
    enterprise = make_enterprise(grid_cell=village, name="仙降鞋业有限公司")
    make_user(Role.ENTERPRISE, username="ent_day", enterprise=enterprise)
    today = timezone.localdate()
    photo = jpeg_with_location(size=(640, 480))

    day = journey("enterprise")
    page = day.page
    day.sign_in("ent_day")
    page.wait_for_selector("text=待办事项")
    day.step("home")
    page.get_by_role("link", name="上报隐患").click()

    page.get_by_label("隐患部位").fill("二楼胶粘车间")
    page.get_by_label("隐患描述").fill("溶剂油桶未加盖，通风不良")
    page.get_by_label("隐患类别").select_option(label="现场管理类")
    page.get_by_label("隐患子类").select_option(label="危险化学品")
    page.get_by_label("整改期限").fill(f"{today + timedelta(days=10):%Y-%m-%d}")
    page.get_by_label("整改责任人").fill("周晓东")
    page.get_by_label("隐患照片").set_input_files(
        {"name": photo.name, "mimeType": "image/jpeg", "buffer": photo.read()}
    )
    day.step("hazard form")
    page.get_by_role("button", name="上报").click()

    page.wait_for_selector("text=隐患已上报")
    assert page.get_by_role("img", name="隐患照片").is_visible()
    day.step("hazard reported")
    page.get_by_role("button", name=f"提交{today.month}月自查").click()

    page.wait_for_selector("text=纳入本期自查上报的隐患 1 项")
    day.step("self-check filed")

    self_check = SelfCheck.objects.get(enterprise=enterprise, year=today.year, month=today.month)
    assert list(Hazard.objects.filter(self_check=self_check).values_list("location", flat=True)) == ["二楼胶粘车间"]
    assert Hazard.objects.get().photos.count() == 1
    day.assert_within(LIMIT)
