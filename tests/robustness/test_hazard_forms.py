"""Hazard forms with hostile values: reporting (with photos, one of them 20 MB), the lifecycle steps, extensions,
self-checks and quarterly statistics, and the list filter."""

from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from hazards.models import Category, DeadlineExtension, HazardLevel, HazardOrigin, HazardStatus, Subcategory, Suspension
from tests.factories import make_hazard
from tests.robustness.hostile import (
    FORM_SETTINGS,
    choice,
    date,
    days_from_today,
    form,
    ids,
    number,
    photos,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db

PLAN = ["plan_objectives", "plan_methods", "plan_funds_materials", "plan_organization", "plan_timeline"]


def hazard_fields():
    return {
        "found_on": date(),
        "location": text("喷涂车间"),
        "description": text("通风设施损坏"),
        "category": choice(*Category.values),
        "subcategory": choice(*Subcategory.values),
        "level": choice(*HazardLevel.values),
        "rectification_deadline": date(),
        "responsible_person": text("王建国"),
        "measures": text("更换风机", ""),
        "funds": number("", 1200, "1200.50"),
        "suspension": choice(*Suspension.values),
        **{name: text("按方案整改", "") for name in [*PLAN, "plan_safety_measures"]},
        "photos": photos(),
    }


VALID_HAZARD = {
    "found_on": days_from_today(-5),
    "location": "喷涂车间",
    "description": "通风设施损坏",
    "category": Category.SITE,
    "subcategory": Subcategory.EQUIPMENT,
    "level": HazardLevel.GENERAL,
    "rectification_deadline": days_from_today(10),
    "responsible_person": "王建国",
    "measures": "更换风机",
    "funds": "1200",
    "suspension": Suspension.NONE,
    **dict.fromkeys([*PLAN, "plan_safety_measures"], ""),
    "photos": [],
}


@FORM_SETTINGS
@given(data=form(VALID_HAZARD, hazard_fields()))
def test_an_enterprise_reports_a_hazard(as_user, world, enterprise_user_x, data):
    client = as_user(enterprise_user_x)
    with rolled_back():
        submit(client, "post", reverse("hazards:new"), data)


@FORM_SETTINGS
@given(
    data=form(
        {**VALID_HAZARD, "enterprise": "x", "source": HazardOrigin.INSPECTION},
        {**hazard_fields(), "enterprise": ids("x", "y"), "source": choice(*HazardOrigin.values)},
    )
)
def test_an_inspector_reports_a_hazard_for_an_enterprise(as_user, world, inspector, data):
    codes = {"x": world.enterprise_x.credit_code, "y": world.enterprise_y.credit_code}
    data["enterprise"] = codes.get(data["enterprise"], data["enterprise"])
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("hazards:new"), data)


@pytest.fixture
def hazard(world, enterprise_user_x):
    return make_hazard(enterprise=world.enterprise_x, reported_by=enterprise_user_x, status=HazardStatus.RECTIFYING)


@FORM_SETTINGS
@given(
    action=choice("start", "rectify", "close", "send_back"),
    version=number(1, 2),
    note=text("已更换风机", ""),
    uploads=photos(),
)
def test_moving_a_hazard_along(as_user, world, enterprise_user_x, hazard, action, version, note, uploads):
    client = as_user(enterprise_user_x)
    url = f"/hazards/{hazard.pk}/do/{quote(action, safe='')}/"
    with rolled_back():
        submit(client, "post", url, {"version": version, "note": note, "photos": uploads}, ok=(302, 403, 404))


@FORM_SETTINGS
@given(requested_deadline=date(), reason=text("设备到货延迟"))
def test_asking_for_more_time(as_user, world, enterprise_user_x, hazard, requested_deadline, reason):
    client = as_user(enterprise_user_x)
    url = reverse("hazards:request_extension", args=[hazard.pk])
    with rolled_back():
        submit(client, "post", url, {"requested_deadline": requested_deadline, "reason": reason}, ok=(302,))


@FORM_SETTINGS
@given(approve=choice("1", "0"), note=text("同意", ""))
def test_deciding_an_extension(as_user, world, staff, enterprise_user_x, hazard, approve, note):
    extension = DeadlineExtension.objects.filter(hazard=hazard).first() or DeadlineExtension.objects.create(
        hazard=hazard,
        requested_deadline=hazard.rectification_deadline.replace(year=hazard.rectification_deadline.year + 1),
        previous_deadline=hazard.rectification_deadline,
        reason="设备到货延迟",
        requested_by=enterprise_user_x,
    )
    client = as_user(staff)
    url = reverse("hazards:decide_extension", args=[extension.pk])
    with rolled_back():
        submit(client, "post", url, {"approve": approve, "note": note}, ok=(302,))


@FORM_SETTINGS
@given(
    data=st.fixed_dictionaries(
        {},
        optional={
            "town": ids("town"),
            "grid": text("330381"),
            "enterprise": text("企业X", "%", "_"),
            "level": choice(*HazardLevel.values),
            "status": choice(*HazardStatus.values),
            "overdue": choice("1", "0"),
            "source": choice(*HazardOrigin.values),
            "found_after": date(),
            "found_before": date(),
        },
    )
)
def test_the_hazard_list_filter(as_user, world, inspector, hazard, data):
    if data.get("town") == "town":
        data["town"] = world.town1.code
    client = as_user(inspector)
    with rolled_back():
        submit(client, "get", reverse("hazards:list"), data, ok=(200,))


def period(*, month):
    return {
        "year": number(2026, 2025, 1999, 2101),
        ("month" if month else "quarter"): number(*(range(1, 13) if month else range(1, 5))),
    }


@FORM_SETTINGS
@given(
    data=form(
        {"year": "2026", "month": "1", "found_nothing": "on", "note": "本月自查未发现隐患"},
        {**period(month=True), "found_nothing": choice("on", ""), "note": text("本月自查未发现隐患", "")},
    )
)
def test_an_enterprise_files_a_self_check(as_user, world, enterprise_user_x, data):
    client = as_user(enterprise_user_x)
    with rolled_back():
        submit(client, "post", reverse("self_checks:submit"), data, ok=(302,))


@FORM_SETTINGS
@given(
    data=form(
        {"year": "2025", "quarter": "4", "note": "按时报送"}, {**period(month=False), "note": text("按时报送", "")}
    )
)
def test_an_enterprise_files_quarterly_statistics(as_user, world, enterprise_user_x, data):
    client = as_user(enterprise_user_x)
    with rolled_back():
        submit(client, "post", reverse("self_checks:statistics_submit"), data, ok=(302,))


@FORM_SETTINGS
@given(month=st.fixed_dictionaries(period(month=True)), quarter=st.fixed_dictionaries(period(month=False)))
def test_the_self_check_and_statistics_overviews(as_user, world, staff, month, quarter):
    client = as_user(staff)
    with rolled_back():
        submit(client, "get", reverse("self_checks:list"), month, ok=(200,))
        submit(client, "get", reverse("self_checks:statistics"), quarter, ok=(200,))
