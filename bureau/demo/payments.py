"""The demo's fines after the decision: each of the seed's two penalty decisions (20,000 and 30,000 yuan) served two
days after it, paid in full ten days later, so both cases are executed; the first is closed (结案审批表)."""

from datetime import timedelta

from django.utils import timezone

from bureau.demo.dating import at, dated
from inspections.enforcement.models import Case, CaseAction, CaseEvent, ServiceRecord
from inspections.enforcement.payment_services import fine_payment_record, payment_deadlines_refresh
from inspections.enforcement.payment_state import live_document
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind


def seed_payments(*, enterprises, lead, second, today=None):
    """The decided cases of `enterprises`: served, paid, executed; the first of them closed."""
    today = today or timezone.localdate()
    cases = Case.objects.filter(enterprise__in=enterprises, status=Case.Status.DECIDED).order_by("pk")
    for n, case in enumerate(cases):
        decision = live_document(case, DocumentKind.PENALTY_DECISION)
        served = decision.services.order_by("served_on").first()
        if served is None:
            # The 送达回证 as the procedure's service records it (direct service, signed by the party).
            served = ServiceRecord.objects.create(
                document=decision,
                method=ServiceRecord.Method.DIRECT,
                served_on=min(timezone.localdate(decision.issued_at) + timedelta(days=2), today),
                recipient=case.enterprise.legal_representative or "企业负责人",
                recorded_by=lead,
            )
        served_on = served.served_on
        payment_deadlines_refresh(case)
        paid_on = min(served_on + timedelta(days=10), today)
        fine_payment_record(
            case=case,
            amount=decision.fine_amount,
            paid_on=paid_on,
            receipt_number=f"3303812026{decision.pk:06d}",
            actor=lead,
        )
        CaseEvent.objects.filter(case=case, action=CaseAction.EXECUTE).update(at=at(paid_on, 15))
        if n == 0:
            closing = document_issue(
                kind=DocumentKind.CASE_CLOSING,
                enterprise=case.enterprise,
                actor=lead,
                co_signer=second,
                case=case,
                facts=f"罚款 {decision.fine_amount} 元已于 {paid_on:%Y年%m月%d日} 缴清，处罚决定执行完毕。",
            )
            dated(closing, min(paid_on + timedelta(days=3), today))
