"""A double click on a submit button in a real browser makes one record and one step: the page's script
(static/js/submit-once.js) disables the buttons on submit, and the server's one-time key and expected state would
refuse a second send anyway (tests/security/test_replay.py)."""

import pytest

from bureau.roles import Role
from hazards.models import Hazard
from inspections.enforcement.approval import draft_save, draft_submit
from inspections.enforcement.models import Case
from inspections.enforcement.specs import DocumentKind as K
from tests.factories import make_cell, make_enterprise, make_user
from tests.procedure import filed_case, issue_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Test-pass-2026"


def sign_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + "/**")


def _enterprise():
    city = make_cell(code="330381", name="瑞安市")
    village = make_cell(parent=make_cell(parent=make_cell(parent=city, name="仙降街道")))
    return make_enterprise(grid_cell=village, name="仙降鞋业")


def test_a_double_click_on_report_makes_one_hazard(page, live_server, artifacts_dir):
    make_user(Role.ENTERPRISE, username="ent_double", password=PASSWORD, enterprise=_enterprise())
    sign_in(page, live_server, "ent_double")
    page.goto(live_server.url + "/hazards/new/")
    page.get_by_label("隐患部位").fill("二楼胶粘车间")
    page.get_by_label("隐患描述").fill("溶剂油桶未加盖，通风不良")
    page.get_by_label("隐患类别").select_option("site")
    page.get_by_label("隐患子类").select_option("chemicals")
    page.get_by_label("整改期限").fill("2030-01-31")
    page.get_by_label("整改责任人").fill("周晓东")

    page.get_by_role("button", name="上报").dblclick()

    page.wait_for_selector("text=隐患已上报")
    page.screenshot(path=str(artifacts_dir / "double-click-report.png"), full_page=True)
    assert Hazard.objects.count() == 1


def test_a_double_click_on_approve_issues_one_report_and_moves_the_case_one_step(page, live_server):
    inspector = make_user(Role.INSPECTOR, username="insp_double", password=PASSWORD)
    co_signer = make_user(Role.INSPECTOR, username="insp_double2", password=PASSWORD)
    make_user(Role.STAFF, username="staff_double", password=PASSWORD)
    case = filed_case(_enterprise(), inspector, co_signer)
    issue_for(case, K.SITE_RECORD, inspector, co_signer, facts="现场勘验")
    draft = draft_save(case=case, kind=K.INVESTIGATION_REPORT, actor=inspector, co_signer=co_signer, facts="事实清楚")
    draft_submit(draft=draft, actor=inspector)
    sign_in(page, live_server, "staff_double")
    page.goto(live_server.url + f"/cases/{case.pk}/drafts/{draft.pk}/")

    page.get_by_role("button", name="批准并签发").dblclick()

    page.wait_for_selector("text=已批准并签发")
    assert Case.objects.get(pk=case.pk).status == Case.Status.INVESTIGATED
    assert case.documents.filter(kind=K.INVESTIGATION_REPORT).count() == 1
