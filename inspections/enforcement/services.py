"""Issuing enforcement documents: numbered per kind per year without gaps, in the order the law asks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau import numbering
from enterprises.models import Enterprise, Status
from inspections import permissions
from inspections.enforcement.models import Case, CaseEvent, Document, DocumentKind, DocumentSequence, NumberingPrefix

# A re-check opinion answers an order or a measures decision for the same enterprise.
NEEDS_EARLIER = {DocumentKind.RECHECK_OPINION: (DocumentKind.RECTIFICATION_ORDER, DocumentKind.MEASURES_DECISION)}


def take_number(kind, year):
    """The next number of `kind` in `year`, inside the issuing transaction (see bureau.numbering)."""
    sequence = numbering.take_next(DocumentSequence, kind=kind, year=year)
    return sequence, numbering.format_number(NumberingPrefix.for_kind(kind), year, sequence)


def _live(documents):
    return documents.filter(superseded_by__isnull=True)


def _check_order(kind, enterprise, case, hazards, deadline, fine_amount, supersedes):
    if kind in NEEDS_EARLIER and not _live(enterprise.documents.filter(kind__in=NEEDS_EARLIER[kind])).exists():
        raise ValidationError("须先对该单位下达责令限期整改指令书或现场处理措施决定书，才能出具整改复查意见书。")
    if kind == DocumentKind.RECTIFICATION_ORDER:
        if not hazards:
            raise ValidationError({"hazards": "责令限期整改指令书须列明隐患。"})
        if deadline is None:
            raise ValidationError({"deadline": "责令限期整改指令书须写明整改期限。"})
    if any(h.enterprise_id != enterprise.pk for h in hazards):
        raise ValidationError({"hazards": "所列隐患须属于当事单位。"})
    if kind in (DocumentKind.CASE_FILING, DocumentKind.PENALTY_DECISION) and (
        case is None or case.enterprise_id != enterprise.pk
    ):
        raise ValidationError("立案审批表和行政处罚决定书须属于该单位的案件。")
    if kind == DocumentKind.PENALTY_DECISION:
        if fine_amount is None or fine_amount <= 0:
            raise ValidationError({"fine_amount": "行政处罚决定书须写明罚款金额（大于 0）。"})
        if case.status not in (Case.Status.FILED, Case.Status.INVESTIGATED):
            raise ValidationError("该案件已作出决定，不能重复处罚；如需更正，请更正原决定书。")
    elif fine_amount:
        raise ValidationError({"fine_amount": "只有行政处罚决定书写明罚款金额。"})
    if supersedes is not None:
        if supersedes.kind != kind or supersedes.enterprise_id != enterprise.pk:
            raise ValidationError("更正文书须与原文书种类、当事单位相同。")
        if supersedes.is_superseded:
            raise ValidationError("原文书已被更正过，请更正最新的文书。")


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
):
    """Issue (and so lock) a document signed by two officers; applies its effect on the enterprise or case."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以签发执法文书。")
    if co_signer is None or co_signer.pk == actor.pk or not permissions.is_inspector(co_signer):
        raise ValidationError({"co_signer": "执法文书须由两名执法人员签署：请选择另一名执法人员。"})
    if suspends and kind != DocumentKind.MEASURES_DECISION:
        raise ValidationError({"suspends": "责令暂时停产停业须以现场处理措施决定书作出。"})
    if lifts_suspension and kind not in (DocumentKind.RECHECK_OPINION, DocumentKind.MEASURES_DECISION):
        raise ValidationError({"lifts_suspension": "恢复生产经营须以整改复查意见书或现场处理措施决定书作出。"})
    if suspends and lifts_suspension:
        raise ValidationError("同一文书不能既责令停产又准予恢复。")
    hazards = list(hazards)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if inspection is not None and inspection.enterprise_id != enterprise.pk:
        raise ValidationError("检查记录与当事单位不符。")
    _check_order(kind, enterprise, case, hazards, deadline, fine_amount, supersedes)
    if lifts_suspension and enterprise.status != Status.SUSPENDED:
        raise ValidationError({"lifts_suspension": "该单位未处于停产整顿状态。"})

    year = timezone.localdate().year
    sequence, number = take_number(kind, year)
    document = Document(
        kind=kind,
        number=number,
        year=year,
        sequence=sequence,
        enterprise=enterprise,
        inspection=inspection,
        case=case,
        facts=facts,
        legal_basis=legal_basis,
        requirements=requirements,
        deadline=deadline,
        suspends=suspends,
        lifts_suspension=lifts_suspension,
        fine_amount=fine_amount,
        supersedes=supersedes,
        issued_by=actor,
        co_signer=co_signer,
    )
    document.full_clean()
    document.save()
    document.hazards.set(hazards)
    if suspends or lifts_suspension:
        # Saved (not .update()): the enterprise's history records the change and who made it, and the registry
        # list's cache hears of it.
        enterprise.status = Status.SUSPENDED if suspends else Status.OPERATING
        enterprise._change_reason = f"{document.get_kind_display()} {number}"
        enterprise._history_user = actor
        enterprise.save(update_fields=["status", "updated_at"])
    if kind == DocumentKind.PENALTY_DECISION:
        case_move(case=case, to_status=Case.Status.DECIDED, actor=actor, note=f"作出行政处罚决定 {number}")
    return document


CASE_STEPS = [
    Case.Status.FILED,
    Case.Status.INVESTIGATED,
    Case.Status.DECIDED,
    Case.Status.EXECUTED,
    Case.Status.CLOSED,
]
CASE_ACTIONS = {
    Case.Status.INVESTIGATED: "调查终结",
    Case.Status.DECIDED: "作出处罚决定",
    Case.Status.EXECUTED: "执行完毕",
    Case.Status.CLOSED: "结案",
}


def case_move(*, case, to_status, actor, note=""):
    case = Case.objects.select_for_update().get(pk=case.pk)
    current = CASE_STEPS.index(case.status)
    target = CASE_STEPS.index(to_status)
    # Deciding may follow filing directly (a simple case); otherwise one step at a time.
    if not (target == current + 1 or (to_status == Case.Status.DECIDED and case.status == Case.Status.FILED)):
        raise ValidationError(f"案件当前为“{case.get_status_display()}”，不能“{CASE_ACTIONS[to_status]}”。")
    CaseEvent.objects.create(
        case=case, action=CASE_ACTIONS[to_status], from_status=case.status, to_status=to_status, actor=actor, note=note
    )
    case.status = to_status
    case.save(update_fields=["status"])
    return case


@transaction.atomic
def case_advance(*, case, actor, note=""):
    """The next step of a case; deciding happens by issuing the penalty decision, not by this button."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以办理案件。")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if case.status == Case.Status.CLOSED:
        raise ValidationError("案件已结案。")
    following = next_case_step(case.status)
    if following is None:
        raise ValidationError("请签发行政处罚决定书，案件即进入“已决定”。")
    return case_move(case=case, to_status=following, actor=actor, note=note)


def next_case_step(status):
    """The step the 办理下一步 button takes a case to; None when closed, or when the next step is the decision
    (reached only by issuing the penalty decision)."""
    if status == Case.Status.CLOSED:
        return None
    following = CASE_STEPS[CASE_STEPS.index(status) + 1]
    return None if following == Case.Status.DECIDED else following


@transaction.atomic
def case_open(*, enterprise, title, actor, co_signer, facts="", legal_basis="", inspection=None):
    """File a case (立案): the case and its filing document (立案审批表) together."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以立案。")
    case = Case(enterprise=enterprise, title=title, created_by=actor)
    case.full_clean()
    case.save()
    document_issue(
        kind=DocumentKind.CASE_FILING,
        enterprise=enterprise,
        actor=actor,
        co_signer=co_signer,
        inspection=inspection,
        case=case,
        facts=facts,
        legal_basis=legal_basis,
    )
    CaseEvent.objects.create(case=case, action="立案", to_status=Case.Status.FILED, actor=actor, note=title)
    return case
