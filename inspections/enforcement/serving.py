"""Recording the service of a case's document (送达回证): the notice's service starts the statement and hearing
periods; the decision's service ends its own period and lets the case be executed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau.once import AlreadyDone
from inspections import permissions
from inspections.enforcement import procedure
from inspections.enforcement.models import Case, Document, ServiceRecord
from inspections.enforcement.payment_services import payment_deadlines_refresh
from inspections.enforcement.procedure_models import PartyChoice


@transaction.atomic
def document_serve(*, document, actor, method, served_on, recipient, signed=True, refusal_note=""):
    """Record how a document of a case was served. A refusal names what happened and the witnesses; the same
    service recorded twice (a replayed form) is refused and changes nothing."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以登记送达。")
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.case_id is None:
        raise ValidationError("只有案件文书在此登记送达。")
    if document.is_superseded:
        raise ValidationError("该文书已被更正，请送达更正后的文书。")
    if served_on < timezone.localdate(document.issued_at):
        raise ValidationError({"served_on": "送达日期不能早于文书签发日期。"})
    if not signed and not refusal_note.strip():
        raise ValidationError({"refusal_note": "受送达人拒绝签收的，须写明拒收情况及见证人。"})
    if signed and method == ServiceRecord.Method.LEFT:
        raise ValidationError({"signed": "留置送达是受送达人拒绝签收时的送达方式。"})
    same = {"method": method, "served_on": served_on, "recipient": recipient}
    if document.services.filter(**same).exists():
        raise AlreadyDone("该送达已登记。")
    procedure.check_service(document, served_on)
    record = ServiceRecord(document=document, recorded_by=actor, signed=signed, refusal_note=refusal_note, **same)
    record.full_clean()
    record.save()
    procedure.after_service(record)
    # The decision served starts the 15 days to pay and, after the appeal period, the enforcement window.
    payment_deadlines_refresh(document.case)
    return record


@transaction.atomic
def party_choice_record(*, case, actor, kind, made_on, note=""):
    """Record the party's written waiver, or its request for a hearing (which adds the hearing's steps)."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以登记当事人意见。")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if PartyChoice.objects.filter(case=case, kind=kind).exists():
        raise AlreadyDone("当事人该项意见已登记。")
    procedure.check_choice(case, kind, made_on)
    row = PartyChoice(case=case, kind=kind, made_on=made_on, note=note, recorded_by=actor)
    row.full_clean()
    row.save()
    return row
