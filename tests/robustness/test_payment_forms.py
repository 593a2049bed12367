"""The payment panel's forms with hostile values: a payment, an application to defer or pay in instalments, its
approval, the court's ruling. Each answers with a redirect and a message, never an error page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given

from inspections.enforcement.payment_services import payment_arrangement_apply
from tests.inspections.payment_helpers import decided_case, serve
from tests.robustness.hostile import FORM_SETTINGS, choice, date, days_from_today, form, number, rolled_back, submit
from tests.robustness.hostile import text as any_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def fined_case(world, inspector, inspector2):
    case, decision = decided_case(world.enterprise_x, inspector, inspector2)
    serve(decision, timezone.localdate() - timedelta(days=5), inspector)
    return case


@FORM_SETTINGS
@given(
    data=form(
        {"amount": "5000", "paid_on": days_from_today(0), "receipt_number": "33010001"},
        {"amount": number("5000", "20000", "0.01"), "paid_on": date(), "receipt_number": any_text("33010001", "")},
    )
)
def test_recording_a_payment(as_user, inspector, fined_case, data):
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("cases:payment_record", args=[fined_case.pk]), data, ok=(302,))


@FORM_SETTINGS
@given(
    data=form(
        {
            "kind": "deferral",
            "reason": "资金周转困难",
            "until": days_from_today(40),
            "instalment_count": "",
            "first_due_on": "",
        },
        {
            "kind": choice("deferral", "instalments"),
            "reason": any_text("资金周转困难", ""),
            "until": date(),
            "instalment_count": number("", "2", "12"),
            "first_due_on": date(),
        },
    )
)
def test_applying_to_defer_or_pay_in_instalments(as_user, inspector, fined_case, data):
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("cases:arrangement_apply", args=[fined_case.pk]), data, ok=(302,))


@FORM_SETTINGS
@given(data=form({"approve": "1", "note": "同意"}, {"approve": choice("1", "0"), "note": any_text("同意", "")}))
def test_deciding_an_application(as_user, inspector, staff, fined_case, data):
    arrangement = fined_case.arrangements.first() or payment_arrangement_apply(
        case=fined_case,
        kind="deferral",
        reason="资金周转困难",
        until=timezone.localdate() + timedelta(days=40),
        actor=inspector,
    )
    client = as_user(staff)
    with rolled_back():
        url = reverse("cases:arrangement_decide", args=[fined_case.pk, arrangement.pk])
        submit(client, "post", url, data, ok=(302,))


@FORM_SETTINGS
@given(
    data=form(
        {
            "court": "瑞安市人民法院",
            "ruling_number": "（2026）浙0381行审1号",
            "ruled_on": days_from_today(0),
            "outcome": "已执行到位",
        },
        {
            "court": any_text("瑞安市人民法院"),
            "ruling_number": any_text("（2026）浙0381行审1号"),
            "ruled_on": date(),
            "outcome": any_text("已执行到位", ""),
        },
    )
)
def test_recording_a_ruling(as_user, inspector, fined_case, data):
    client = as_user(inspector)
    with rolled_back():
        submit(client, "post", reverse("cases:ruling_record", args=[fined_case.pk]), data, ok=(302,))
