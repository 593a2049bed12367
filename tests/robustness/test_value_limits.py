"""Issue 16, item 4: values without limits. Amounts are never negative, dates fall between 2000-01-01 and five years
ahead (past events: today), pre-deduction points stay within the scheme, free text has a maximum length, and
control or bidi characters are refused in names and removed from free text — on the forms and in the services."""

from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.services import notify
from bureau.assessment.models import PreDeduction, Restoration
from bureau.assessment.services import pre_deduction_create
from bureau.quarters import Quarter
from enterprises.models import Enterprise
from enterprises.services import enterprise_save
from grids.models import GridCell
from grids.services import grid_cell_save
from hazards.models import Hazard
from hazards.self_checks import statistics_figures
from hazards.services import hazard_report
from inspections.accidents.models import Accident
from inspections.accidents.services import accident_report
from inspections.enforcement.models import Document
from inspections.inspection.models import Inspection
from tests.factories import make_credit_code, make_hazard
from tests.robustness.test_hazard_forms import VALID_HAZARD

pytestmark = pytest.mark.django_db

YEAR_1 = "0001-01-01"
YEAR_9999 = "9999-12-31"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "ABC" shows as "CBA" after it
LAST = Quarter.last_ended(timezone.localdate())


def _report(client, **changes):
    return client.post(reverse("hazards:new"), {**VALID_HAZARD, **changes})


def _unsaved_hazard(world, **fields):
    today = timezone.localdate()
    values = {
        "found_on": today - timedelta(days=5),
        "location": "喷涂车间",
        "description": "通风设施损坏",
        "category": "site",
        "subcategory": "equipment",
        "level": "general",
        "rectification_deadline": today + timedelta(days=10),
        "responsible_person": "王建国",
        **fields,
    }
    return Hazard(enterprise=world.enterprise_x, **values)


# Amounts ---------------------------------------------------------------------------------------------------------


def test_negative_rectification_funds_are_refused_on_the_form(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = _report(client, funds="-5000")

    assert response.status_code == 200 and "整改资金不能为负数。" in response.content.decode()
    assert not Hazard.objects.exists()


def test_negative_rectification_funds_are_refused_by_the_service(world, enterprise_user_x):
    with pytest.raises(ValidationError, match="整改资金不能为负数"):
        hazard_report(hazard=_unsaved_hazard(world, funds=Decimal("-1")), actor=enterprise_user_x)
    assert not Hazard.objects.exists()


def test_negative_funds_stored_before_the_limit_do_not_lower_the_quarterly_statistics(world, enterprise_user_x):
    found_on = LAST.start + timedelta(days=3)
    for funds in (Decimal("-5000"), Decimal("300")):
        make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x, found_on=found_on, funds=funds)

    assert statistics_figures(world.enterprise_x, LAST.year, LAST.number)["funds"] == Decimal("300")


# Dates -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"found_on": YEAR_1}, "发现日期不能早于2000年1月1日。"),
        ({"found_on": "1999-12-31"}, "发现日期不能早于2000年1月1日。"),
        ({"rectification_deadline": YEAR_9999}, "整改期限不能晚于五年之后。"),
    ],
)
def test_a_hazard_report_refuses_dates_outside_the_window(client, world, enterprise_user_x, changes, message):
    client.force_login(enterprise_user_x)

    response = _report(client, **changes)

    assert response.status_code == 200 and message in response.content.decode()
    assert not Hazard.objects.exists()


def test_a_deadline_within_five_years_is_accepted(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)
    deadline = timezone.localdate() + timedelta(days=4 * 365)

    assert _report(client, rectification_deadline=deadline.isoformat()).status_code == 302
    assert Hazard.objects.get().rectification_deadline == deadline


@pytest.mark.parametrize(("day", "message"), [(YEAR_1, "检查日期不能早于2000年1月1日。"), (YEAR_9999, "不能晚于今天")])
def test_an_inspection_refuses_year_1_and_year_9999(client, world, inspector, inspector2, day, message):
    client.force_login(inspector)

    response = client.post(
        reverse("inspections:create"),
        {
            "enterprise": world.enterprise_x.credit_code,
            "date": day,
            "kind": "routine",
            "inspectors": [inspector.pk, inspector2.pk],
        },
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert not Inspection.objects.exists()


@pytest.mark.parametrize(
    ("day", "message"), [(YEAR_1, "整改期限不能早于2000年1月1日。"), (YEAR_9999, "整改期限不能晚于五年之后。")]
)
def test_an_order_refuses_a_deadline_outside_the_window(client, world, staff, inspector, inspector2, day, message):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    client.force_login(inspector)

    response = client.post(
        reverse("documents:issue", args=[world.enterprise_x.pk, "order"]),
        {"co_signer": inspector2.pk, "hazards": [hazard.pk], "deadline": day, "legal_basis": "安全生产法"},
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert not Document.objects.exists()


def test_an_accident_in_year_1_is_refused_by_the_service(world, staff):
    with pytest.raises(ValidationError, match="发生日期不能早于2000年1月1日"):
        accident_report(
            enterprise=world.enterprise_x,
            occurred_at=datetime(1, 1, 1, 12, tzinfo=timezone.get_current_timezone()),
            injuries=1,
            summary="机械伤害",
            actor=staff,
        )
    assert not Accident.objects.exists()


@pytest.mark.parametrize(("day", "message"), [(YEAR_1, "不能早于2000年1月1日"), (YEAR_9999, "不能晚于今天")])
def test_an_accident_form_refuses_year_1_and_year_9999(client, world, staff, day, message):
    client.force_login(staff)

    response = client.post(
        reverse("accidents:create"),
        {
            "credit_code": world.enterprise_x.credit_code,
            "occurred_at": f"{day}T00:00",
            "kind": "machinery",
            "deaths": 0,
            "serious_injuries": 0,
            "injuries": 1,
            "direct_loss": 0,
            "summary": "机械伤害",
        },
    )

    assert response.status_code == 200 and message in response.content.decode()
    assert not Accident.objects.exists()


def test_a_restoration_approved_in_year_1_is_refused(client, world, staff):
    deduction = pre_deduction_create(
        town=world.town1, quarter=LAST, points=Decimal("3"), reason="整改率低", actor=staff
    )
    client.force_login(staff)

    response = client.post(
        reverse("rankings:restore", args=[deduction.pk]), {"points": "1", "evidence": "已整改", "approved_on": YEAR_1}
    )

    assert response.status_code == 200 and "批准日期不能早于2000年1月1日。" in response.content.decode()
    assert not Restoration.objects.exists()


def test_an_extension_to_year_9999_is_refused(client, world, enterprise_user_x):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x)
    client.force_login(enterprise_user_x)

    client.post(
        reverse("hazards:request_extension", args=[hazard.pk]), {"requested_deadline": YEAR_9999, "reason": "到货延迟"}
    )

    assert not hazard.extensions.exists()


# Points ----------------------------------------------------------------------------------------------------------


def test_a_pre_deduction_of_9999_9_points_is_refused(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("rankings:pre_deduction_create", args=[LAST.slug]),
        {"town": world.town1.pk, "points": "9999.9", "reason": "网格责任人未落实到位"},
    )

    assert response.status_code == 200 and "预扣分值不能超过考核方案的总分" in response.content.decode()
    assert not PreDeduction.objects.exists()


def test_a_towns_pre_deductions_of_a_quarter_stay_within_the_schemes_full_score(world, staff):
    full = PreDeduction.full_score(LAST)
    pre_deduction_create(town=world.town1, quarter=LAST, points=full - 1, reason="整改率低", actor=staff)

    with pytest.raises(ValidationError, match=f"已预扣 {full - 1} 分"):
        pre_deduction_create(town=world.town1, quarter=LAST, points=Decimal("2"), reason="自查覆盖率低", actor=staff)
    pre_deduction_create(town=world.town1, quarter=LAST, points=Decimal("1"), reason="自查覆盖率低", actor=staff)
    pre_deduction_create(town=world.town2, quarter=LAST, points=Decimal("3"), reason="统计报送率低", actor=staff)
    assert PreDeduction.objects.count() == 3


# Lengths ---------------------------------------------------------------------------------------------------------

HUGE = "隐" * 800_000  # 2.4 MB as UTF-8, as in the issue


def test_a_huge_hazard_description_is_refused_on_the_form(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = _report(client, description=HUGE)

    assert response.status_code == 200 and "最多 2000 个字" in response.content.decode()
    assert not Hazard.objects.exists()


def test_a_huge_hazard_description_is_refused_by_the_service(world, enterprise_user_x):
    with pytest.raises(ValidationError, match="最多 2000 个字"):
        hazard_report(hazard=_unsaved_hazard(world, description=HUGE), actor=enterprise_user_x)
    assert not Hazard.objects.exists()


# Control and bidi characters --------------------------------------------------------------------------------------


def test_a_bidi_override_in_an_enterprise_name_is_refused_on_the_form(client, world, staff):
    client.force_login(staff)

    response = client.post(
        reverse("enterprises:create"),
        {
            "name": f"瑞安市{RLO}司公限有",
            "credit_code": make_credit_code(),
            "industry": "machinery",
            "grid_cell": world.village_b.code,
            "employees": "12",
            "status": "operating",
            "service_mode": "none",
        },
    )

    assert response.status_code == 200 and "文字方向控制符" in response.content.decode()
    assert not Enterprise.objects.filter(name__contains=RLO).exists()


@pytest.mark.parametrize("field", ["name", "address", "safety_contact"])
def test_a_bidi_override_in_an_enterprise_name_is_refused_by_the_service(world, staff, field):
    enterprise = world.enterprise_x
    setattr(enterprise, field, f"企业{RLO}X")

    with pytest.raises(ValidationError, match="文字方向控制符"):
        enterprise_save(enterprise=enterprise, actor=staff)
    assert not Enterprise.objects.filter(**{f"{field}__contains": RLO}).exists()


@pytest.mark.parametrize("field", ["code", "name"])
def test_a_grid_cell_code_or_name_with_a_control_character_is_refused(world, bureau_admin, field):
    cell = world.cell_a
    setattr(cell, field, f"{getattr(cell, field)}{RLO}")

    with pytest.raises(ValidationError, match="文字方向控制符"):
        grid_cell_save(cell=cell, actor=bureau_admin)
    assert not GridCell.objects.filter(**{f"{field}__contains": RLO}).exists()


def test_a_bidi_override_in_a_hazard_description_is_removed(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = _report(client, description=f"通风{RLO}设施\u2066损坏\x1b\u200f", measures="更换\x00风机\n\t加固")

    assert response.status_code == 302
    hazard = Hazard.objects.get()
    assert (hazard.description, hazard.measures) == ("通风设施损坏", "更换风机\n\t加固")


def test_a_service_removes_bidi_characters_from_free_text(world, enterprise_user_x):
    hazard = hazard_report(hazard=_unsaved_hazard(world, description=f"通风{RLO}设施损坏"), actor=enterprise_user_x)

    hazard.refresh_from_db()
    assert hazard.description == "通风设施损坏"


def test_a_bidi_override_in_a_hazard_location_is_refused(client, world, enterprise_user_x):
    client.force_login(enterprise_user_x)

    response = _report(client, location=f"喷涂{RLO}车间")

    assert response.status_code == 200 and "文字方向控制符" in response.content.decode()
    assert not Hazard.objects.exists()


def test_a_notification_carries_no_bidi_characters(world, enterprise_user_x):
    notify(user=enterprise_user_x, key="test", message=f"隐患“喷涂车间”被退回整改：{RLO}请补充照片")

    assert enterprise_user_x.notifications.get().message == "隐患“喷涂车间”被退回整改：请补充照片"


def test_strip_controls_keeps_line_feeds_tabs_and_chinese():
    from bureau.text import strip_controls

    assert strip_controls("第一行\r\n第二行\t\u202a甲\u202c\u0085\x7f") == "第一行\n第二行\t甲"
