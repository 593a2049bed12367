"""Where a case stands after its penalty decision, read from its records: the decision and when it was served, the
fine's schedule and standing, the enforcement steps; and the gates a document kind names (DocumentSpec.case_gate).
Reads only: the writes are in inspections.enforcement.payment_services."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from inspections.enforcement import payment
from inspections.enforcement.models import Case, Document, ServiceRecord
from inspections.enforcement.payment_models import PaymentArrangement
from inspections.enforcement.specs import DocumentKind


def live_document(case, kind):
    """The case's live (not superseded) document of `kind`, the latest, or None."""
    return (
        Document.objects.filter(case=case, kind=kind, superseded_by__isnull=True).order_by("-issued_at", "-id").first()
    )


def served_on(document):
    """The day `document` was first served (its 送达回证), or None while it has not been."""
    if document is None:
        return None
    return (
        ServiceRecord.objects.filter(document=document)
        .order_by("served_on")
        .values_list("served_on", flat=True)
        .first()
    )


def approved_arrangement(case):
    return case.arrangements.filter(status=PaymentArrangement.Status.APPROVED).order_by("-decided_at", "-id").first()


@dataclass(frozen=True)
class FineState:
    """A case's fine on `as_of`: the decision, its service, the schedule in force and the standing."""

    decision: Document
    served_on: date | None
    schedule: tuple[payment.Instalment, ...]
    arrangement: PaymentArrangement | None
    standing: payment.Standing | None
    as_of: date

    @property
    def due_on(self):
        """The next due date with something unpaid, or the last one."""
        if not self.schedule:
            return None
        unpaid = [i.due_on for i, left in zip(self.schedule, self.standing.unpaid, strict=True) if left > 0]
        return unpaid[0] if unpaid else self.schedule[-1].due_on

    @property
    def days_left(self):
        return None if self.due_on is None else (self.due_on - self.as_of).days

    @property
    def days_overdue(self):
        return max(-(self.days_left or 0), 0)

    @property
    def rows(self):
        """Each instalment with what is unpaid of it and its late fee, for the schedule table."""
        return list(zip(self.schedule, self.standing.unpaid, self.standing.fees, strict=True))

    @property
    def appeal_ends(self):
        return None if self.served_on is None else payment.appeal_ends(self.served_on)

    @property
    def window_ends(self):
        return None if self.served_on is None else payment.application_window_ends(self.served_on)


def fine_state(case, as_of=None):
    """The case's FineState, or None when it has no live penalty decision."""
    decision = live_document(case, DocumentKind.PENALTY_DECISION)
    if decision is None:
        return None
    as_of = as_of or timezone.localdate()
    served = served_on(decision)
    if served is None:
        return FineState(decision, None, (), None, None, as_of)
    arrangement = approved_arrangement(case)
    if arrangement is not None:
        schedule = tuple(arrangement.schedule())
    else:
        schedule = (payment.Instalment(payment.payment_due(served), decision.fine_amount),)
    paid = [p.as_paid() for p in case.payments.all()]
    return FineState(decision, served, schedule, arrangement, payment.standing(schedule, paid, as_of), as_of)


def served_fine(case):
    """The FineState of a case whose decision has been served; refuses (ValidationError) otherwise."""
    state = fine_state(case)
    if state is None:
        raise ValidationError("该案件尚未作出行政处罚决定。")
    if state.served_on is None:
        raise ValidationError("行政处罚决定书尚未送达（无送达回证），须先登记送达。")
    return state


def _unpaid_after_appeal(case, today):
    state = served_fine(case)
    if case.status != Case.Status.DECIDED or state.standing.settled:
        raise ValidationError("罚款已缴清或案件已执行，无需催告。")
    if today <= state.appeal_ends:
        raise ValidationError(f"申请复议、提起诉讼的期限至 {state.appeal_ends:%Y-%m-%d} 届满，届满后方可催告。")


def _reminder_run_out(case, today):
    _unpaid_after_appeal(case, today)
    reminder_served = served_on(live_document(case, DocumentKind.PAYMENT_REMINDER))
    if reminder_served is None:
        raise ValidationError("须先送达催告书（行政强制法第五十四条），才能申请强制执行。")
    runs_out = payment.reminder_runs_out(reminder_served)
    if today <= runs_out:
        raise ValidationError(f"催告书送达满十日（{runs_out:%Y-%m-%d}）后方可申请强制执行。")
    window_ends = served_fine(case).window_ends
    if today > window_ends:
        raise ValidationError(f"申请强制执行的期限已于 {window_ends:%Y-%m-%d} 届满。")
    if live_document(case, DocumentKind.ENFORCEMENT_APPLICATION) is not None:
        raise ValidationError("该案件已申请强制执行。")


def _executed(case, today):
    if case.status != Case.Status.EXECUTED:
        raise ValidationError(f"案件现为“{case.get_status_display()}”：罚款缴清或法院强制执行后方可结案。")


# The gates a document kind may name (DocumentSpec.case_gate): each refuses with why, or lets the document be issued.
CASE_GATES = {
    "unpaid_after_appeal": _unpaid_after_appeal,
    "reminder_run_out": _reminder_run_out,
    "executed": _executed,
}


def check_case_gate(gate, case, today=None):
    """Refuse (ValidationError) a document whose case has not reached what its kind's gate asks."""
    if gate:
        # Read afresh: the caller's copy may predate a payment or a ruling made since.
        CASE_GATES[gate](Case.objects.get(pk=case.pk), today or timezone.localdate())


def gate_open(gate, case):
    """Whether the gate lets the document be issued today (for the case page's buttons)."""
    try:
        check_case_gate(gate, case)
    except ValidationError:
        return False
    return True
