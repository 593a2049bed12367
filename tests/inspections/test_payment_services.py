"""Paying a fine, deferral and instalments by approval, execution and closing: the services and their refusals."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bureau.once import AlreadyDone
from bureau.workdays import add_days
from inspections.enforcement.models import Case, CaseDeadline
from inspections.enforcement.payment import payment_due
from inspections.enforcement.payment_models import FinePayment, PaymentArrangement
from inspections.enforcement.payment_services import (
    fine_payment_record,
    payment_arrangement_apply,
    payment_arrangement_decide,
)
from inspections.enforcement.payment_state import fine_state
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from tests.inspections.payment_helpers import decided_case, serve

TODAY = timezone.localdate()
FINE = Decimal("20000")


@pytest.fixture
def case(world, inspector, inspector2):
    return decided_case(world.enterprise_x, inspector, inspector2)[0]


@pytest.fixture
def served_case(world, inspector, inspector2):
    """Served 40 days ago: the 15 days to pay have run."""
    case, decision = decided_case(world.enterprise_x, inspector, inspector2)
    serve(decision, TODAY - timedelta(days=40), inspector)
    return case


def pay(case, inspector, amount, paid_on, receipt="NO.0001"):
    return fine_payment_record(
        case=case, amount=Decimal(amount), paid_on=paid_on, receipt_number=receipt, actor=inspector
    )


def test_execution_is_refused_before_the_decision_is_served(case, inspector):
    with pytest.raises(ValidationError, match="尚未送达"):
        pay(case, inspector, FINE, TODAY)

    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED
    assert not FinePayment.objects.exists()


def test_the_fine_paid_in_time_executes_the_case_and_meets_the_deadline(served_case, inspector):
    due = payment_due(TODAY - timedelta(days=40))

    pay(served_case, inspector, FINE, due)

    served_case.refresh_from_db()
    assert served_case.status == Case.Status.EXECUTED
    assert served_case.events.filter(action="execute").exists()
    deadline = CaseDeadline.objects.get(case=served_case, code="payment")
    assert (deadline.due_on, deadline.met_on) == (due, due)


def test_paid_late_the_late_fee_is_owed_before_the_case_is_executed(served_case, inspector):
    due = payment_due(TODAY - timedelta(days=40))

    pay(served_case, inspector, FINE, due + timedelta(days=4))

    state = fine_state(served_case)
    assert state.standing.late_fee == Decimal("2400.00")  # 4 days × 3 % × 20,000, fixed once the fine is paid
    assert state.standing.balance == Decimal("2400.00")
    served_case.refresh_from_db()
    assert served_case.status == Case.Status.DECIDED
    with pytest.raises(ValidationError, match="超过应缴余额 2400.00 元"):
        pay(served_case, inspector, "2400.01", TODAY, receipt="NO.0002")

    pay(served_case, inspector, "2400", TODAY, receipt="NO.0002")

    served_case.refresh_from_db()
    assert served_case.status == Case.Status.EXECUTED


def test_a_slip_entered_twice_is_one_payment(served_case, inspector):
    pay(served_case, inspector, "5000", TODAY)

    with pytest.raises(AlreadyDone):
        pay(served_case, inspector, "5000", TODAY)
    with pytest.raises(ValidationError, match="已登记过其他缴款"):
        pay(served_case, inspector, "6000", TODAY)
    assert FinePayment.objects.count() == 1


def test_only_inspectors_record_payments(served_case, staff):
    with pytest.raises(PermissionDenied):
        pay(served_case, staff, FINE, TODAY)


def _apply(case, inspector, **schedule):
    return payment_arrangement_apply(case=case, reason="资金周转困难", actor=inspector, **schedule)


def test_an_approved_deferral_stops_the_late_fee_while_it_runs(served_case, inspector, staff):
    asked = TODAY + timedelta(days=10)
    until = add_days(asked, 0)  # a rest day moves to the next working day
    arrangement = _apply(served_case, inspector, kind="deferral", until=asked)
    assert fine_state(served_case).standing.late_fee > 0  # not approved yet: the 15 days have run

    payment_arrangement_decide(arrangement=arrangement, approve=True, actor=staff, note="同意")

    state = fine_state(served_case)
    assert (state.due_on, state.standing.late_fee) == (until, 0)
    assert CaseDeadline.objects.get(case=served_case, code="payment").due_on == until
    arrangement.refresh_from_db()
    assert (arrangement.decided_by, arrangement.status) == (staff, PaymentArrangement.Status.APPROVED)
    pay(served_case, inspector, FINE, TODAY)
    served_case.refresh_from_db()
    assert served_case.status == Case.Status.EXECUTED


def test_an_application_is_decided_by_the_bureau_once(served_case, inspector, staff, bureau_admin):
    arrangement = _apply(served_case, inspector, kind="deferral", until=TODAY + timedelta(days=10))

    with pytest.raises(PermissionDenied):
        payment_arrangement_decide(arrangement=arrangement, approve=True, actor=inspector)
    payment_arrangement_decide(arrangement=arrangement, approve=False, actor=bureau_admin, note="理由不充分")
    with pytest.raises(AlreadyDone):
        payment_arrangement_decide(arrangement=arrangement, approve=True, actor=staff)

    assert fine_state(served_case).arrangement is None


def test_instalments_each_have_a_due_date_and_a_late_one_accrues_on_itself(served_case, inspector, staff):
    first = TODAY - timedelta(days=40)
    arrangement = _apply(served_case, inspector, kind="instalments", instalment_count=2, first_due_on=first)
    payment_arrangement_decide(arrangement=arrangement, approve=True, actor=staff)
    second_due = fine_state(served_case).schedule[1].due_on

    pay(served_case, inspector, "10000", first)
    pay(served_case, inspector, "10000", second_due + timedelta(days=3), receipt="NO.0002")

    state = fine_state(served_case)
    assert [i.amount for i in state.schedule] == [Decimal("10000"), Decimal("10000")]
    assert state.standing.fees == (Decimal("0.00"), Decimal("900.00"))  # the second: 10,000 × 3 % × 3 days
    assert state.standing.balance == Decimal("900.00")


def test_an_application_needs_a_valid_schedule(served_case, inspector):
    with pytest.raises(ValidationError, match="须晚于原缴纳期限"):
        _apply(served_case, inspector, kind="deferral", until=TODAY - timedelta(days=39))
    with pytest.raises(ValidationError, match="2 至 12 期"):
        _apply(served_case, inspector, kind="instalments", instalment_count=1, first_due_on=TODAY)


def test_closing_is_refused_before_execution_and_closes_after(world, served_case, inspector, inspector2):
    closing = {
        "kind": DocumentKind.CASE_CLOSING,
        "enterprise": world.enterprise_x,
        "actor": inspector,
        "co_signer": inspector2,
        "case": served_case,
    }
    with pytest.raises(ValidationError, match="方可结案"):
        document_issue(**closing)

    pay(served_case, inspector, FINE, payment_due(TODAY - timedelta(days=40)))
    document_issue(**closing, facts="罚款已缴清")

    served_case.refresh_from_db()
    assert served_case.status == Case.Status.CLOSED
