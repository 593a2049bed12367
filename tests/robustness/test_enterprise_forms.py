"""Registry forms with hostile values: registering and editing an enterprise, its contact, grade, intervals and
major hazard sources; the registry filters and exports."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from enterprises.models import EnterpriseStatus, Industry, MajorHazardSource, RiskGrade, ServiceMode, SpecialCategory
from tests.factories import make_credit_code
from tests.robustness.hostile import (
    FORM_SETTINGS,
    choice,
    date,
    days_from_today,
    form,
    ids,
    number,
    rolled_back,
    several,
    submit,
    text,
)

pytestmark = pytest.mark.django_db

GOOD_CODE = make_credit_code(777_001)


def enterprise_fields():
    return {
        "name": text("瑞安市安阳鞋业有限公司"),
        "credit_code": text(GOOD_CODE, GOOD_CODE.lower(), GOOD_CODE[:17] + "0", GOOD_CODE[:-1]),
        "industry": choice(*Industry.values),
        "grid_cell": ids("village"),
        "address": text("安阳街道工业区 8 号", ""),
        "legal_representative": text("张三", ""),
        "safety_contact": text("李四", ""),
        "safety_phone": text("0577-65000000", ""),
        "employees": number(0, 35),
        "status": choice(*EnterpriseStatus.values),
        "special_categories": several("dust", "confined_space"),
        "uses_hazardous_chemicals": choice("on", ""),
        "key_supervision": choice("on", ""),
        "service_mode": choice(*ServiceMode.values),
        "service_provider": text("仙降鞋业互助联盟", ""),
        "association_member": choice("on", ""),
    }


VALID_ENTERPRISE = {
    "name": "瑞安市安阳鞋业有限公司",
    "credit_code": GOOD_CODE,
    "industry": Industry.SHOES,
    "grid_cell": "village",
    "address": "安阳街道工业区 8 号",
    "legal_representative": "张三",
    "safety_contact": "李四",
    "safety_phone": "0577-65000000",
    "employees": "35",
    "status": EnterpriseStatus.OPERATING,
    "special_categories": ["dust"],
    "uses_hazardous_chemicals": "",
    "key_supervision": "on",
    "service_mode": ServiceMode.ALLIANCE,
    "service_provider": "仙降鞋业互助联盟",
    "association_member": "",
}


def _resolve(data, world):
    if data.get("grid_cell") == "village":
        data["grid_cell"] = world.village_a.code
    codes = dict(SpecialCategory.objects.values_list("code", "pk"))
    if "special_categories" in data:
        data["special_categories"] = [codes.get(value, value) for value in data["special_categories"]]
    return data


@FORM_SETTINGS
@given(data=form(VALID_ENTERPRISE, enterprise_fields()))
def test_registering_an_enterprise(as_user, world, staff, data):
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("enterprises:create"), _resolve(data, world))


@FORM_SETTINGS
@given(data=form(VALID_ENTERPRISE, enterprise_fields()))
def test_editing_an_enterprise(as_user, world, staff, data):
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("enterprises:edit", args=[world.enterprise_x.pk]), _resolve(data, world))


@FORM_SETTINGS
@given(contact=text("王五", ""), phone=text("13800000000", ""))
def test_an_enterprise_user_edits_its_contact(as_user, world, enterprise_user_x, contact, phone):
    client = as_user(enterprise_user_x)
    url = reverse("enterprises:contact", args=[world.enterprise_x.pk])
    with rolled_back():
        submit(client, "post", url, {"safety_contact": contact, "safety_phone": phone})


@FORM_SETTINGS
@given(
    data=form(
        {"grade": RiskGrade.YELLOW, "effective_date": days_from_today(0), "reason": "复查发现重大隐患"},
        {"grade": choice(*RiskGrade.values), "effective_date": date(), "reason": text("复查发现重大隐患")},
    )
)
def test_changing_a_grade(as_user, world, inspector, data):
    client = as_user(inspector)
    url = reverse("enterprises:grade", args=[world.enterprise_x.pk])
    with rolled_back():
        submit(client, "post", url, data, ok=(302,))


@FORM_SETTINGS
@given(data=form(dict.fromkeys(RiskGrade.values, "90"), {grade: number(30, 365) for grade in RiskGrade.values}))
def test_setting_inspection_intervals(as_user, world, staff, data):
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("enterprises:intervals"), data)


@FORM_SETTINGS
@given(
    data=form(
        {"name": "液氨储罐区", "level": "2", "control_system": "accepted", "registered_on": days_from_today(-30)},
        {
            "name": text("液氨储罐区"),
            "level": choice(*MajorHazardSource.Level.values),
            "control_system": choice(*MajorHazardSource.ControlSystem.values),
            "registered_on": date(),
        },
    )
)
def test_registering_a_major_hazard_source(as_user, world, inspector, data):
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("enterprises:source_create", args=[world.enterprise_x.pk]), data)


def registry_filter():
    return st.fixed_dictionaries(
        {},
        optional={
            "q": text("企业X", "鞋"),
            "town": ids("town"),
            "grid": text("330381"),
            "industry": choice(*Industry.values),
            "grade": choice(*RiskGrade.values, "none"),
            "category": choice("dust"),
            "key_supervision": choice("1", "0"),
            "major_source": choice("1", "0"),
            "service_mode": choice(*ServiceMode.values),
            "status": choice(*EnterpriseStatus.values),
        },
    )


def _filter(data, world):
    if data.get("town") == "town":
        data["town"] = world.town1.code
    return data


@FORM_SETTINGS
@given(data=registry_filter())
def test_the_registry_list_and_due_list_filters(as_user, world, inspector, data):
    client = as_user(inspector)
    data = _filter(data, world)
    with rolled_back():
        submit(client, "get", reverse("enterprises:list"), data, ok=(200,))
        submit(client, "get", reverse("enterprises:due"), data, ok=(200,))


@FORM_SETTINGS
@given(data=registry_filter(), fmt=st.sampled_from(["export_csv", "export_xlsx"]))
def test_the_exports_with_any_filter(as_user, world, staff, data, fmt):
    client = as_user(staff)
    with rolled_back():
        submit(client, "get", reverse(f"enterprises:{fmt}"), _filter(data, world), ok=(200,), navigation=True)


@FORM_SETTINGS
@given(page=text("1", "2", "last", "0", "-1"))
def test_the_registry_list_pages(as_user, world, staff, page):
    client = as_user(staff)
    with rolled_back():
        submit(client, "get", reverse("enterprises:list"), {"page": page}, ok=(200, 404), navigation=True)
