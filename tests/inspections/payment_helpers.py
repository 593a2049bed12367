"""Cases with a penalty decision, served on a given day, for the payment tests (and the replay test's setups)."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from inspections.enforcement.models import Document, ServiceRecord
from inspections.enforcement.payment_services import payment_deadlines_refresh
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from tests.procedure import decided_case as procedure_decided_case

# A reminder served this long ago has had its ten days run out, even when they end on a weekend or in the longest
# holiday and run on to the next working day (twelve days did not, on a Monday after a Saturday's tenth day).
REMINDER_RUN_OUT = timedelta(days=30)


def decided_case(enterprise, inspector, inspector2, fine="20000"):
    """A case of `enterprise` decided with a fine of `fine` yuan through the procedure, not yet served; returns
    (case, decision)."""
    return procedure_decided_case(enterprise, inspector, inspector2, fine=Decimal(fine), served=False)


def serve(document, on, by):
    """Serve `document` on `on` (issued that day too when earlier than it was): the 送达回证 the procedure records,
    then the deadlines the service opens."""
    issued = timezone.make_aware(datetime.combine(on, time(9)))
    if issued < document.issued_at:
        Document.objects.filter(pk=document.pk).update(issued_at=issued)
    ServiceRecord.objects.create(document=document, method="direct", served_on=on, recipient="王建国", recorded_by=by)
    if document.case_id and document.kind == DocumentKind.PENALTY_DECISION:
        payment_deadlines_refresh(document.case)


def with_unapplied_case(o, users):
    """A fined case served five days ago with no application yet (the world's has one pending)."""
    case, decision = decided_case(o.enterprise, users["inspector"], users["inspector2"])
    serve(decision, timezone.localdate() - timedelta(days=5), users["inspector"])
    return SimpleNamespace(**{**vars(o), "fined_case": case})


def with_enforcement_applied(o, users):
    """A fined case left unpaid past the time to appeal, reminded, and taken to the court."""
    inspector, inspector2 = users["inspector"], users["inspector2"]
    case, decision = decided_case(o.enterprise, inspector, inspector2)
    serve(decision, timezone.localdate() - timedelta(days=220), inspector)
    signed = {"enterprise": o.enterprise, "actor": inspector, "co_signer": inspector2, "case": case}
    serve(
        document_issue(kind=DocumentKind.PAYMENT_REMINDER, **signed),
        timezone.localdate() - REMINDER_RUN_OUT,
        inspector,
    )
    document_issue(kind=DocumentKind.ENFORCEMENT_APPLICATION, **signed)
    return SimpleNamespace(**{**vars(o), "fined_case": case})
