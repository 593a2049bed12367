"""Documents that need approval (DocumentSpec.needs_approval): drafted by an inspector, submitted, approved by the
person in charge — which issues the numbered document in the same transaction — or returned with a note."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau.once import AlreadyDone
from inspections import permissions
from inspections.enforcement import procedure
from inspections.enforcement.procedure_models import DocumentDraft
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import SPECS

# The fields a draft carries over to its document.
DRAFT_FIELDS = ("co_signer", "facts", "legal_basis", "requirements", "fine_amount", "sanction")


def _values(draft):
    return [draft.co_signer_id, *(getattr(draft, name) for name in DRAFT_FIELDS[1:])]


def _locked(draft):
    return DocumentDraft.objects.select_for_update().get(pk=draft.pk)


@transaction.atomic
def draft_save(*, case, kind, actor, draft=None, **fields):
    """Create (draft=None) or edit a draft of a document that needs approval; only a draft or a returned one is
    edited, and only by an inspector. The procedure is checked now, to say early what is missing, and again on
    approval."""
    spec = SPECS[kind]
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以拟稿。")
    if not spec.needs_approval:
        raise ValidationError(f"{spec.title}无需审批，请直接签发。")
    co_signer = fields.get("co_signer")
    if co_signer is None or co_signer.pk == actor.pk or not permissions.is_inspector(co_signer):
        raise ValidationError({"co_signer": "执法文书须由两名执法人员签署：请选择另一名执法人员。"})
    procedure.check_issue(
        case=case,
        kind=kind,
        signer=actor,
        fine_amount=fields.get("fine_amount"),
        sanction=fields.get("sanction") or "",
    )
    if draft is None:
        pending = case.drafts.filter(kind=kind).exclude(status=DocumentDraft.Status.APPROVED)
        if pending.exists():
            raise ValidationError(f"该案件已有未批准的{spec.title}稿，请修改那一份。")
        draft = DocumentDraft(kind=kind, case=case, enterprise=case.enterprise, drafted_by=actor)
    else:
        draft = _locked(draft)
        if not draft.is_editable:
            raise AlreadyDone(f"文书现为“{draft.get_status_display()}”，不能修改。")
    before = _values(draft)
    for name in DRAFT_FIELDS:
        if name in fields:
            setattr(draft, name, fields[name] if fields[name] is not None or name == "fine_amount" else "")
    if draft.pk and before == _values(draft):
        return draft  # saved unchanged: nothing written, not even a history row
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def draft_submit(*, draft, actor):
    """Send a draft (or a returned one) to the person in charge."""
    draft = _locked(draft)
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以提交审批。")
    if not draft.is_editable:
        raise AlreadyDone(f"文书现为“{draft.get_status_display()}”。")
    draft.status = DocumentDraft.Status.SUBMITTED
    draft.submitted_at = timezone.now()
    draft.save(update_fields=["status", "submitted_at"])
    return draft


def _check_approver(draft, actor):
    if not permissions.can_approve_documents(actor):
        raise PermissionDenied("只有负责人可以审批文书。")
    if actor.pk == draft.drafted_by_id:
        raise PermissionDenied("拟稿人不能审批自己拟写的文书。")
    if draft.status != DocumentDraft.Status.SUBMITTED:
        raise AlreadyDone(f"文书现为“{draft.get_status_display()}”。")


@transaction.atomic
def draft_approve(*, draft, actor, note=""):
    """Approve a submitted draft: the numbered document is issued now, signed by the drafter and the co-signer,
    with who approved it and when."""
    draft = _locked(draft)
    _check_approver(draft, actor)
    document = document_issue(
        kind=draft.kind,
        enterprise=draft.enterprise,
        actor=draft.drafted_by,
        co_signer=draft.co_signer,
        inspection=draft.inspection,
        case=draft.case,
        facts=draft.facts,
        legal_basis=draft.legal_basis,
        requirements=draft.requirements,
        fine_amount=draft.fine_amount,
        sanction=draft.sanction,
        approved_by=actor,
    )
    draft.status = DocumentDraft.Status.APPROVED
    draft.approved_by = actor
    draft.approved_at = document.approved_at
    draft.note = note
    draft.document = document
    draft.save(update_fields=["status", "approved_by", "approved_at", "note", "document"])
    return draft


@transaction.atomic
def draft_return(*, draft, actor, note):
    """Return a submitted draft to its drafter, saying why."""
    draft = _locked(draft)
    _check_approver(draft, actor)
    if not note.strip():
        raise ValidationError({"note": "退回时请写明意见。"})
    draft.status = DocumentDraft.Status.RETURNED
    draft.note = note
    draft.save(update_fields=["status", "note"])
    return draft
