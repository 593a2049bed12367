"""Writes after the penalty decision: payments, applications to defer or pay in instalments and their approval, the
court's ruling on enforcement. Each is one transaction that refuses bad input in Chinese and changes nothing then.

The case deadlines kept here (inspections.enforcement.deadlines, code → what it waits for):
  "payment"      the fine and its late fee paid: 15 days from service, or the approved arrangement's last due date;
  "enforcement"  the application to the court (强制执行申请书): from the end of the time to appeal, 3 months.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau import workdays
from bureau.once import AlreadyDone
from inspections import permissions
from inspections.enforcement import payment
from inspections.enforcement.deadlines import deadline_meet, deadline_set
from inspections.enforcement.models import Case
from inspections.enforcement.payment_models import (
    ArrangementInstalment,
    EnforcementRuling,
    FinePayment,
    PaymentArrangement,
)
from inspections.enforcement.payment_state import fine_state, live_document, served_fine
from inspections.enforcement.services import case_move
from inspections.enforcement.specs import DocumentKind


def _decided_case(case, actor, what):
    if not permissions.is_inspector(actor):
        raise PermissionDenied(f"只有执法人员可以{what}。")
    case = Case.objects.select_for_update().get(pk=case.pk)
    return case, served_fine(case)


def payment_deadlines_refresh(case):
    """Open the case's payment and enforcement deadlines from the decision's service and the arrangement in force;
    called inside the write that changes either (the service record of the decision, an approval)."""
    case = Case.objects.get(pk=case.pk)  # the caller's copy may predate the decision that moved it on
    state = fine_state(case)
    if state is None or state.served_on is None or case.status != Case.Status.DECIDED or state.standing.settled:
        return
    last_due = state.schedule[-1].due_on
    label = "缴纳罚款" if state.arrangement is None else f"缴纳罚款（{state.arrangement.get_kind_display()}）"
    deadline_set(
        case=case,
        code="payment",
        label=label,
        starts_on=state.served_on,
        days=(last_due - state.served_on).days,
        working_days=False,
    )
    deadline_set(
        case=case,
        code="enforcement",
        label="申请法院强制执行",
        starts_on=state.appeal_ends,
        days=(state.window_ends - state.appeal_ends).days,
        working_days=False,
    )


@transaction.atomic
def fine_payment_record(*, case, amount, paid_on, receipt_number, actor):
    """Record one payment; the one that settles the fine and its late fee moves the case to 已执行."""
    case, state = _decided_case(case, actor, "登记罚款缴纳")
    earlier = FinePayment.objects.filter(receipt_number=receipt_number).first()
    if earlier is not None:
        if (earlier.case_id, earlier.amount, earlier.paid_on) == (case.pk, amount, paid_on):
            raise AlreadyDone(f"缴款凭证 {receipt_number} 已登记。")
        raise ValidationError({"receipt_number": "该缴款凭证号已登记过其他缴款。"})
    if case.status != Case.Status.DECIDED:
        raise ValidationError(f"案件现为“{case.get_status_display()}”，不再登记缴款。")
    if paid_on < timezone.localdate(state.decision.issued_at):
        raise ValidationError({"paid_on": "缴款日期不能早于处罚决定日期。"})
    if amount > state.standing.balance:
        raise ValidationError({"amount": f"缴款金额超过应缴余额 {state.standing.balance} 元。"})
    row = FinePayment(case=case, amount=amount, paid_on=paid_on, receipt_number=receipt_number, recorded_by=actor)
    row.full_clean()
    row.save()
    after = fine_state(case)
    if after.standing.settled:
        deadline_meet(case=case, code="payment", on=paid_on)
        deadline_meet(case=case, code="enforcement", on=paid_on)
        note = f"罚款 {after.standing.fine} 元、加处罚款 {after.standing.late_fee} 元已缴清"
        case_move(case=case, to_status=Case.Status.EXECUTED, actor=actor, note=note)
    return row


def _requested_schedule(kind, state, until, instalment_count, first_due_on):
    """The due dates asked for; one that falls on a rest day moves to the next working day, as a period does."""
    fine, due = state.decision.fine_amount, state.schedule[-1].due_on
    if kind == PaymentArrangement.Kind.DEFERRAL:
        if until is None or until <= due:
            raise ValidationError({"until": f"延期缴纳的期限须晚于原缴纳期限 {due:%Y-%m-%d}。"})
        schedule = [payment.Instalment(until, fine)]
    else:
        if instalment_count is None or not 2 <= instalment_count <= 12:
            raise ValidationError({"instalment_count": "分期缴纳须分 2 至 12 期。"})
        if first_due_on is None or first_due_on < state.served_on:
            raise ValidationError({"first_due_on": "首期缴纳期限不能早于决定书送达日期。"})
        schedule = payment.even_instalments(fine, first_due_on, instalment_count)
    return [payment.Instalment(workdays.add_days(i.due_on, 0), i.amount) for i in schedule]


@transaction.atomic
def payment_arrangement_apply(*, case, kind, reason, actor, until=None, instalment_count=None, first_due_on=None):
    """Record the party's written application to defer the fine or pay it in instalments (行政处罚法 第六十六条),
    for bureau staff to approve."""
    case, state = _decided_case(case, actor, "登记延期（分期）缴纳申请")
    if case.status != Case.Status.DECIDED:
        raise ValidationError(f"案件现为“{case.get_status_display()}”，不能申请延期或分期缴纳。")
    if case.arrangements.filter(status=PaymentArrangement.Status.PENDING).exists():
        raise ValidationError("该案件已有待审批的延期（分期）缴纳申请。")
    if case.payments.exists():
        raise ValidationError("已有缴款记录，余款不能再申请延期或分期缴纳。")
    schedule = _requested_schedule(kind, state, until, instalment_count, first_due_on)
    arrangement = PaymentArrangement(case=case, kind=kind, reason=reason, requested_by=actor)
    arrangement.full_clean()
    arrangement.save()
    for instalment in schedule:
        row = ArrangementInstalment(arrangement=arrangement, due_on=instalment.due_on, amount=instalment.amount)
        row.full_clean()
        row.save()
    return arrangement


@transaction.atomic
def payment_arrangement_decide(*, arrangement, approve, actor, note=""):
    """Approve or refuse an application: bureau staff or admins, never the officer who recorded it."""
    if not permissions.can_decide_payment_arrangements(actor):
        raise PermissionDenied("只有局机关工作人员或管理员可以审批延期（分期）缴纳申请。")
    arrangement = PaymentArrangement.objects.select_for_update().get(pk=arrangement.pk)
    if arrangement.status != PaymentArrangement.Status.PENDING:
        raise AlreadyDone(f"该申请已{arrangement.get_status_display()}。")
    if arrangement.requested_by_id == actor.pk:
        raise ValidationError("登记申请的人员不能审批自己登记的申请。")
    if approve and arrangement.case.status != Case.Status.DECIDED:
        raise ValidationError(f"案件现为“{arrangement.case.get_status_display()}”，无需批准延期或分期缴纳。")
    arrangement.status = PaymentArrangement.Status.APPROVED if approve else PaymentArrangement.Status.REFUSED
    arrangement.decided_by, arrangement.decided_at, arrangement.decision_note = actor, timezone.now(), note
    arrangement.full_clean()
    arrangement.save()
    if approve:
        payment_deadlines_refresh(arrangement.case)
    return arrangement


@transaction.atomic
def enforcement_ruling_record(*, case, court, ruling_number, ruled_on, outcome, actor):
    """Record the court's ruling on the application for enforcement, carried out: the case moves to 已执行."""
    case, _ = _decided_case(case, actor, "登记法院强制执行裁定")
    if EnforcementRuling.objects.filter(case=case).exists():
        raise AlreadyDone("该案件已登记法院裁定。")
    if case.status != Case.Status.DECIDED:
        raise ValidationError(f"案件现为“{case.get_status_display()}”，不能登记强制执行裁定。")
    application = live_document(case, DocumentKind.ENFORCEMENT_APPLICATION)
    if application is None:
        raise ValidationError("该案件尚未申请法院强制执行。")
    if ruled_on < timezone.localdate(application.issued_at):
        raise ValidationError({"ruled_on": "裁定日期不能早于强制执行申请日期。"})
    ruling = EnforcementRuling(
        case=case, court=court, ruling_number=ruling_number, ruled_on=ruled_on, outcome=outcome, recorded_by=actor
    )
    ruling.full_clean()
    ruling.save()
    deadline_meet(case=case, code="payment", on=ruled_on)
    case_move(case=case, to_status=Case.Status.EXECUTED, actor=actor, note=f"{court} {ruling_number}：{outcome}")
    return ruling
