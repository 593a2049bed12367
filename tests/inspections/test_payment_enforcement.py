"""Unpaid after the time to appeal: the reminder (催告书), the application to the court, its ruling, closing; and the
case page's payment panel."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from bureau.once import AlreadyDone
from bureau.workdays import add_days
from inspections.enforcement.models import Case, CaseDeadline
from inspections.enforcement.payment import appeal_ends, reminder_runs_out
from inspections.enforcement.payment_services import enforcement_ruling_record
from inspections.enforcement.payment_state import check_case_gate
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from tests.inspections.payment_helpers import REMINDER_RUN_OUT, decided_case, serve

TODAY = timezone.localdate()
LONG_AGO = TODAY - timedelta(days=220)  # the six months to sue have run, the three to apply have not


def _issue(world, inspector, inspector2, case, kind):
    return document_issue(
        kind=kind, enterprise=world.enterprise_x, actor=inspector, co_signer=inspector2, case=case, facts="逾期未缴"
    )


def _rule(case, inspector):
    return enforcement_ruling_record(
        case=case,
        court="瑞安市人民法院",
        ruling_number="（2026）浙0381行审12号",
        ruled_on=TODAY,
        outcome="准予强制执行，罚款及加处罚款已划拨",
        actor=inspector,
    )


def test_the_reminder_waits_for_the_time_to_appeal(world, inspector, inspector2):
    case, decision = decided_case(world.enterprise_x, inspector, inspector2)
    serve(decision, TODAY - timedelta(days=30), inspector)

    with pytest.raises(ValidationError, match="届满后方可催告"):
        _issue(world, inspector, inspector2, case, DocumentKind.PAYMENT_REMINDER)


def test_unpaid_the_case_goes_to_the_court_and_its_ruling_executes_it(world, inspector, inspector2):
    case, decision = decided_case(world.enterprise_x, inspector, inspector2)
    serve(decision, LONG_AGO, inspector)
    window = CaseDeadline.objects.get(case=case, code="enforcement")
    assert window.starts_on == appeal_ends(LONG_AGO)

    reminder = _issue(world, inspector, inspector2, case, DocumentKind.PAYMENT_REMINDER)
    with pytest.raises(ValidationError, match="须先送达催告书"):
        _issue(world, inspector, inspector2, case, DocumentKind.ENFORCEMENT_APPLICATION)
    serve(reminder, TODAY - REMINDER_RUN_OUT, inspector)
    runs_out = reminder_runs_out(TODAY - REMINDER_RUN_OUT)
    with pytest.raises(ValidationError, match="送达满十日"):
        check_case_gate("reminder_run_out", case, today=runs_out)
    _issue(world, inspector, inspector2, case, DocumentKind.ENFORCEMENT_APPLICATION)

    window.refresh_from_db()
    assert window.met_on == TODAY
    _rule(case, inspector)
    with pytest.raises(AlreadyDone):
        _rule(case, inspector)
    case.refresh_from_db()
    assert case.status == Case.Status.EXECUTED
    _issue(world, inspector, inspector2, case, DocumentKind.CASE_CLOSING)
    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED


def test_no_ruling_without_an_application(world, inspector, inspector2):
    case, decision = decided_case(world.enterprise_x, inspector, inspector2)
    serve(decision, LONG_AGO, inspector)

    with pytest.raises(ValidationError, match="尚未申请"):
        _rule(case, inspector)


def test_the_case_page_shows_the_fine_and_takes_a_payment(client, world, inspector, inspector2):
    case, decision = decided_case(world.enterprise_x, inspector, inspector2, fine="30000")
    client.force_login(inspector)
    assert "尚未登记送达" in client.get(case.get_absolute_url()).content.decode()
    serve(decision, TODAY - timedelta(days=5), inspector)

    page = client.get(case.get_absolute_url()).content.decode()
    assert "30000.00 元" in page
    assert 'data-balance="30000' in page
    assert reverse("cases:payment_record", args=[case.pk]) in page
    answer = client.post(
        reverse("cases:payment_record", args=[case.pk]),
        {"amount": "30000", "paid_on": TODAY.isoformat(), "receipt_number": "33010012"},
        follow=True,
    )

    assert "已登记缴款 30000.00 元" in answer.content.decode()
    case.refresh_from_db()
    assert case.status == Case.Status.EXECUTED
    assert case.payments.get().amount == Decimal("30000")
    assert "签发结案审批表" in client.get(case.get_absolute_url()).content.decode()


def test_the_enterprise_sees_its_fine_and_staff_decide_the_application(
    client, world, inspector, inspector2, staff, enterprise_user_x
):
    case, decision = decided_case(world.enterprise_x, inspector, inspector2)
    serve(decision, TODAY - timedelta(days=5), inspector)
    client.force_login(inspector)
    client.post(
        reverse("cases:arrangement_apply", args=[case.pk]),
        {"kind": "deferral", "reason": "资金周转困难", "until": (TODAY + timedelta(days=40)).isoformat()},
    )
    arrangement = case.arrangements.get()

    client.force_login(enterprise_user_x)
    own = client.get(case.get_absolute_url()).content.decode()
    assert 'data-balance="20000' in own and "待审批" in own
    assert "<form" not in own[own.index('id="payment"') :]
    client.force_login(staff)
    decide = reverse("cases:arrangement_decide", args=[case.pk, arrangement.pk])
    assert decide in client.get(case.get_absolute_url()).content.decode()
    client.post(decide, {"approve": "1", "note": "同意延期"})

    arrangement.refresh_from_db()
    assert (arrangement.status, arrangement.decided_by) == ("approved", staff)
    assert CaseDeadline.objects.get(case=case, code="payment").due_on == add_days(TODAY + timedelta(days=40), 0)
