"""Assessment, dashboard and account forms with hostile values: pre-deductions and restorations, accidents,
accountability and its filter, the dashboard's period, signing in, changing a password, the audit filters."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from bureau.assessment.models import PreDeduction
from inspections.accidents.models import Accountability
from tests.assessment.builders import last_ended_quarter
from tests.robustness.hostile import (
    FORM_SETTINGS,
    choice,
    date,
    days_from_today,
    form,
    ids,
    number,
    rolled_back,
    submit,
    text,
)

pytestmark = pytest.mark.django_db


@FORM_SETTINGS
@given(
    data=form(
        {"town": "town", "points": "2", "reason": "安全生产责任制落实不到位"},
        {"town": ids("town"), "points": number("1.5", "0.1"), "reason": text("安全生产责任制落实不到位")},
    )
)
def test_a_pre_deduction(as_user, world, staff, data):
    data["town"] = world.town1.pk if data["town"] == "town" else data["town"]
    quarter = last_ended_quarter()
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("rankings:pre_deduction_create", kwargs={"quarter": quarter}), data)


@FORM_SETTINGS
@given(
    data=form(
        {"points": "1", "evidence": "复查记录 2026-07", "approved_on": days_from_today(0)},
        {"points": number("0.5", "2", "3"), "evidence": text("复查记录"), "approved_on": date()},
    )
)
def test_restoring_pre_deducted_points(as_user, world, staff, data):
    quarter = last_ended_quarter()
    deduction = PreDeduction.objects.first() or PreDeduction.objects.create(
        town=world.town1, year=quarter.year, quarter=quarter.number, points=Decimal(2), reason="薄弱", created_by=staff
    )
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("rankings:restore", args=[deduction.pk]), data)


@FORM_SETTINGS
@given(
    data=form(
        {
            "credit_code": "x",
            "occurred_at": days_from_today(-3) + "T09:00",
            "kind": "machinery",
            "deaths": "0",
            "serious_injuries": "0",
            "injuries": "1",
            "direct_loss": "0",
            "summary": "机械伤害",
        },
        {
            "credit_code": ids("x"),
            "occurred_at": st.one_of(date().map(lambda day: f"{day}T09:00"), date()),
            "kind": choice("machinery", "fire"),
            "deaths": number(0, 1),
            "serious_injuries": number(0, 10),
            "injuries": number(0, 2),
            "direct_loss": number("0", "999.99", "1000"),
            "summary": text("机械伤害"),
        },
    )
)
def test_recording_an_accident(as_user, world, inspector, data):
    data["credit_code"] = world.enterprise_y.credit_code if data["credit_code"] == "x" else data["credit_code"]
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("accidents:create"), data)


@FORM_SETTINGS
@given(
    data=form(
        {"date": days_from_today(-1), "kind": "bulletin", "person_count": "2", "summary": "通报问责两人"},
        {
            "date": date(),
            "kind": choice(*Accountability.Kind.values),
            "person_count": number(1, 3),
            "summary": text("通报问责"),
        },
    )
)
def test_recording_accountability(as_user, world, staff, data):
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("accidents:follow_up_create"), data)


@FORM_SETTINGS
@given(start=date(), end=date(), kind=choice(*Accountability.Kind.values, ""))
def test_the_accountability_filter_and_the_dashboard_period(as_user, world, staff, start, end, kind):
    client = as_user(staff)
    with rolled_back():
        submit(client, "get", reverse("accidents:follow_ups"), {"start": start, "end": end, "kind": kind})
        submit(client, "get", reverse("home"), {"start": start, "end": end}, ok=(200,))


@FORM_SETTINGS
@given(username=text("staff1", "STAFF1"), password=text("Test-pass-2026", "test-pass-2026"))
def test_signing_in(client, world, staff, username, password):
    with rolled_back():
        submit(client, "post", reverse("login"), {"username": username, "password": password})
        client.logout()


@FORM_SETTINGS
@given(
    data=form(
        {"old_password": "Test-pass-2026", "new_password1": "Anquan#2027x", "new_password2": "Anquan#2027x"},
        {
            "old_password": text("Test-pass-2026"),
            "new_password1": text("Anquan#2027x", "123", "staff1"),
            "new_password2": text("Anquan#2027x"),
        },
    )
)
def test_changing_a_password(as_user, world, staff, data):
    client = as_user(staff)
    with rolled_back():
        submit(client, "post", reverse("password_change"), data)
        client.force_login(staff)  # a changed password ends the session; the next example starts signed in


@FORM_SETTINGS
@given(
    trail=st.fixed_dictionaries(
        {},
        optional={
            "user": text("staff1"),
            "model": choice("hazards.hazard", "enterprises.enterprise"),
            "q": text("企业X", "%"),
            "date_from": date(),
            "date_to": date(),
        },
    ),
    sign_ins=st.fixed_dictionaries(
        {},
        optional={"user": text("staff1"), "kind": choice("success", "failure"), "date_from": date(), "date_to": date()},
    ),
)
def test_the_audit_filters(as_user, world, bureau_admin, trail, sign_ins):
    client = as_user(bureau_admin)
    with rolled_back():
        submit(client, "get", reverse("audit:list"), trail, ok=(200,))
        submit(client, "get", reverse("audit:sign_ins"), sign_ins, ok=(200,))
