"""Issuing enforcement documents: numbered per kind per year without gaps, in the order the law asks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau import numbering
from enterprises.models import Enterprise, EnterpriseStatus
from hazards.photos import clean_photos
from inspections import permissions
from inspections.enforcement import procedure
from inspections.enforcement.deadlines import deadline_meet
from inspections.enforcement.models import Case, CaseAction, CaseEvent, Document, DocumentSequence, NumberingPrefix
from inspections.enforcement.payment_state import check_case_gate
from inspections.enforcement.procedure_models import DocumentDraft, EvidencePhoto
from inspections.enforcement.specs import SPECS, DocumentKind, titles_where
from inspections.enforcement.violation_services import check_penalty_fine


def take_number(kind, year):
    """The next number of `kind` in `year`, inside the issuing transaction (see bureau.numbering)."""
    sequence = numbering.take_next(DocumentSequence, kind=kind, year=year)
    return sequence, numbering.format_number(NumberingPrefix.for_kind(kind), year, sequence)


def _live(documents):
    return documents.filter(superseded_by__isnull=True)


# What a document must name, per field its kind requires (DocumentSpec.required).
REQUIRED_MESSAGES = {
    "hazards": "{title}须列明隐患。",
    "deadline": "{title}须写明整改期限。",
    "fine_amount": "{title}须写明罚款金额（大于 0）。",
}


def _check_order(spec, enterprise, case, hazards, deadline, fine_amount, supersedes):
    """The kind's rules from its spec, in the order the messages have always come in."""
    if spec.needs_earlier and not _live(enterprise.documents.filter(kind__in=spec.needs_earlier)).exists():
        earlier = "或".join(kind.label for kind in spec.needs_earlier)
        raise ValidationError(f"须先对该单位下达{earlier}，才能出具{spec.title}。")
    given = {"hazards": bool(hazards), "deadline": deadline is not None}
    for name in [n for n in spec.required if n in given]:
        if not given[name]:
            raise ValidationError({name: REQUIRED_MESSAGES[name].format(title=spec.title)})
    if any(h.enterprise_id != enterprise.pk for h in hazards):
        raise ValidationError({"hazards": "所列隐患须属于当事单位。"})
    if spec.needs_case and (case is None or case.enterprise_id != enterprise.pk):
        raise ValidationError(f"{spec.title}须属于该单位的案件。")
    if spec.case_gate and supersedes is None:
        check_case_gate(spec.case_gate, case)
    if "fine_amount" in spec.required:
        if fine_amount is None or fine_amount <= 0:
            raise ValidationError({"fine_amount": REQUIRED_MESSAGES["fine_amount"].format(title=spec.title)})
    elif fine_amount and "fine_amount" not in spec.fields:
        fined = titles_where(lambda s: "fine_amount" in s.fields)
        raise ValidationError({"fine_amount": f"只有{fined}写明罚款金额。"})
    if spec.decides_case and case.status not in (Case.Status.FILED, Case.Status.INVESTIGATED):
        raise ValidationError("该案件已作出决定，不能重复处罚；如需更正，请更正原决定书。")
    if supersedes is not None:
        if supersedes.kind != spec.kind or supersedes.enterprise_id != enterprise.pk:
            raise ValidationError("更正文书须与原文书种类、当事单位相同。")
        if supersedes.is_superseded:
            raise ValidationError("原文书已被更正过，请更正最新的文书。")


def _check_signers_and_effect(spec, actor, co_signer, suspends, lifts_suspension):
    """Two inspectors sign; only the kinds the spec table allows suspend or lift, and never both at once."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以签发执法文书。")
    if co_signer is None or co_signer.pk == actor.pk or not permissions.is_inspector(co_signer):
        raise ValidationError({"co_signer": "执法文书须由两名执法人员签署：请选择另一名执法人员。"})
    if suspends and not spec.may_suspend:
        suspending = titles_where(lambda s: s.may_suspend)
        raise ValidationError({"suspends": f"责令暂时停产停业须以{suspending}作出。"})
    if lifts_suspension and not spec.may_lift:
        lifting = titles_where(lambda s: s.may_lift)
        raise ValidationError({"lifts_suspension": f"恢复生产经营须以{lifting}作出。"})
    if suspends and lifts_suspension:
        raise ValidationError("同一文书不能既责令停产又准予恢复。")


def _apply_suspension(document, enterprise, actor):
    # Saved (not .update()): the enterprise's history records the change and who made it, and the registry
    # list's cache hears of it.
    enterprise.status = EnterpriseStatus.SUSPENDED if document.suspends else EnterpriseStatus.OPERATING
    enterprise._change_reason = f"{document.get_kind_display()} {document.number}"
    enterprise._history_user = actor
    enterprise.save(update_fields=["status", "updated_at"])


@transaction.atomic
def document_issue(
    *,
    kind,
    enterprise,
    actor,
    co_signer,
    inspection=None,
    case=None,
    facts="",
    legal_basis="",
    requirements="",
    deadline=None,
    hazards=(),
    suspends=False,
    lifts_suspension=False,
    fine_amount=None,
    supersedes=None,
    sanction="",
    hearing_on=None,
    photos=(),
    approved_by=None,
):
    """Issue (and so lock) a document signed by two inspectors; applies its effect on the enterprise or case.
    A kind that needs approval is issued only by approving its draft (approval.draft_approve gives approved_by);
    a case's document only when the procedure allows it (procedure.check_issue)."""
    spec = SPECS[kind]
    if spec.needs_approval and approved_by is None:
        raise ValidationError(f"{spec.title}须经负责人审批后签发：请先拟稿并提交审批。")
    _check_signers_and_effect(spec, actor, co_signer, suspends, lifts_suspension)
    hazards = list(hazards)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    _check_enterprise(enterprise, inspection, lifts_suspension)
    _check_order(spec, enterprise, case, hazards, deadline, fine_amount, supersedes)
    if kind == DocumentKind.PENALTY_DECISION:
        check_penalty_fine(case, fine_amount)
    _check_procedure(spec, case, actor, supersedes, fine_amount, sanction, hearing_on, photos)

    document = _new_document(
        kind=kind,
        actor=actor,
        approved_by=approved_by,
        enterprise=enterprise,
        inspection=inspection,
        case=case,
        co_signer=co_signer,
        facts=facts,
        legal_basis=legal_basis,
        requirements=requirements,
        deadline=deadline,
        suspends=suspends,
        lifts_suspension=lifts_suspension,
        fine_amount=fine_amount,
        supersedes=supersedes,
        sanction=sanction or "",
        hearing_on=hearing_on,
    )
    document.hazards.set(hazards)
    _attach_photos(document, photos, actor)
    if suspends or lifts_suspension:
        _apply_suspension(document, enterprise, actor)
    _apply_to_case(spec, document, actor)
    return document


def _check_procedure(spec, case, actor, supersedes, fine_amount, sanction, hearing_on, photos):
    if spec.needs_case:
        procedure.check_issue(
            case=case, kind=spec.kind, signer=actor, supersedes=supersedes, fine_amount=fine_amount, sanction=sanction
        )
    if sanction and "sanction" not in spec.fields:
        raise ValidationError({"sanction": f"只有{titles_where(lambda s: 'sanction' in s.fields, '、')}写明其他处罚。"})
    if "hearing_on" in spec.fields and hearing_on is None:
        raise ValidationError({"hearing_on": f"{spec.title}须写明听证日期。"})
    if photos and not spec.is_evidence:
        raise ValidationError({"photos": f"证据照片只能附在{titles_where(lambda s: s.is_evidence)}上。"})


def _check_enterprise(enterprise, inspection, lifts_suspension):
    if inspection is not None and inspection.enterprise_id != enterprise.pk:
        raise ValidationError("检查记录与当事单位不符。")
    if lifts_suspension and enterprise.status != EnterpriseStatus.SUSPENDED:
        raise ValidationError({"lifts_suspension": "该单位未处于停产整顿状态。"})


def _new_document(*, kind, actor, approved_by, **fields):
    """The numbered document, saved (the number taken inside the issuing transaction)."""
    year = timezone.localdate().year
    sequence, number = take_number(kind, year)
    document = Document(
        kind=kind,
        number=number,
        year=year,
        sequence=sequence,
        issued_by=actor,
        approved_by=approved_by,
        approved_at=timezone.now() if approved_by else None,
        **fields,
    )
    document.full_clean()
    document.save()
    return document


def _apply_to_case(spec, document, actor):
    """The document's step in its case: the procedure's periods; the report, the decision and the closing form
    moving the case on; some meet a deadline. A correction (supersedes) has had its effect through the document it
    corrects, but for the decision, which the procedure checks again."""
    case, number = document.case, document.number
    if spec.needs_case:
        procedure.after_issue(document)
    if spec.investigates_case and case.status == Case.Status.FILED:
        case_move(case=case, to_status=Case.Status.INVESTIGATED, actor=actor, note=f"调查终结 {number}")
    if spec.decides_case:
        case_move(case=case, to_status=Case.Status.DECIDED, actor=actor, note=f"作出行政处罚决定 {number}")
    if document.supersedes_id is not None:
        return
    if spec.meets_deadline:
        deadline_meet(case=case, code=spec.meets_deadline, on=timezone.localdate())
    if spec.closes_case:
        case_move(case=case, to_status=Case.Status.CLOSED, actor=actor, note=f"结案审批 {number}")


def _attach_photos(document, photos, actor):
    # Checked again here (the form checked them): each one stored as a clean copy without EXIF.
    for photo in clean_photos(list(photos)):
        EvidencePhoto.objects.create(
            document=document,
            image=photo.file,
            content_type=photo.content_type,
            size=photo.file.size,
            uploaded_by=actor,
        )


CASE_STEPS = [
    Case.Status.FILED,
    Case.Status.INVESTIGATED,
    Case.Status.DECIDED,
    Case.Status.EXECUTED,
    Case.Status.CLOSED,
]
CASE_ACTIONS = {
    Case.Status.INVESTIGATED: CaseAction.INVESTIGATE,
    Case.Status.DECIDED: CaseAction.DECIDE,
    Case.Status.EXECUTED: CaseAction.EXECUTE,
    Case.Status.CLOSED: CaseAction.CLOSE,
}


def case_move(*, case, to_status, actor, note=""):
    """Move a case one step (or from filing straight to the decision), inside the caller's transaction."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以办理案件。")
    case = Case.objects.select_for_update().get(pk=case.pk)
    current = CASE_STEPS.index(case.status)
    target = CASE_STEPS.index(to_status)
    if to_status == Case.Status.EXECUTED:
        procedure.check_execute(case)
    # Deciding may follow filing directly (a simple case); otherwise one step at a time.
    if not (target == current + 1 or (to_status == Case.Status.DECIDED and case.status == Case.Status.FILED)):
        raise ValidationError(f"案件当前为“{case.get_status_display()}”，不能“{CASE_ACTIONS[to_status].label}”。")
    CaseEvent.objects.create(
        case=case, action=CASE_ACTIONS[to_status], from_status=case.status, to_status=to_status, actor=actor, note=note
    )
    case.status = to_status
    case.save(update_fields=["status"])
    return case


@transaction.atomic
def case_open(*, enterprise, title, actor, co_signer, facts="", legal_basis="", inspection=None):
    """File a case (立案): the case and its filing form (立案审批表), submitted to the person in charge; approving
    it issues the numbered document (approval.draft_approve)."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以立案。")
    if co_signer is None or co_signer.pk == actor.pk or not permissions.is_inspector(co_signer):
        raise ValidationError({"co_signer": "执法文书须由两名执法人员签署：请选择另一名执法人员。"})
    case = Case(enterprise=enterprise, title=title, created_by=actor)
    case.full_clean()
    case.save()
    draft = DocumentDraft(
        kind=DocumentKind.CASE_FILING,
        case=case,
        enterprise=enterprise,
        inspection=inspection,
        co_signer=co_signer,
        facts=facts,
        legal_basis=legal_basis,
        drafted_by=actor,
        status=DocumentDraft.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    draft.full_clean()
    draft.save()
    CaseEvent.objects.create(case=case, action=CaseAction.FILE, to_status=Case.Status.FILED, actor=actor, note=title)
    return case
