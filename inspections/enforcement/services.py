"""Issuing enforcement documents: numbered per kind per year without gaps, in the order the law asks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bureau import numbering
from bureau.once import AlreadyDone
from enterprises.models import Enterprise, EnterpriseStatus
from inspections import permissions
from inspections.enforcement.deadlines import deadline_meet
from inspections.enforcement.models import Case, CaseAction, CaseEvent, Document, DocumentSequence, NumberingPrefix
from inspections.enforcement.payment_state import check_case_gate
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
    elif fine_amount:
        fined = titles_where(lambda s: "fine_amount" in s.required)
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
):
    """Issue (and so lock) a document signed by two inspectors; applies its effect on the enterprise or case."""
    spec = SPECS[kind]
    _check_signers_and_effect(spec, actor, co_signer, suspends, lifts_suspension)
    hazards = list(hazards)
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if inspection is not None and inspection.enterprise_id != enterprise.pk:
        raise ValidationError("检查记录与当事单位不符。")
    _check_order(spec, enterprise, case, hazards, deadline, fine_amount, supersedes)
    if kind == DocumentKind.PENALTY_DECISION:
        check_penalty_fine(case, fine_amount)
    if lifts_suspension and enterprise.status != EnterpriseStatus.SUSPENDED:
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
        _apply_suspension(document, enterprise, actor)
    _apply_to_case(spec, document, case, actor)
    return document


def _apply_to_case(spec, document, case, actor):
    """The document's effect on its case: a decision decides it, a closing form closes it, some meet a deadline.
    A correction (supersedes) has had its effect through the document it corrects."""
    if spec.decides_case:
        case_move(case=case, to_status=Case.Status.DECIDED, actor=actor, note=f"作出行政处罚决定 {document.number}")
    if document.supersedes_id is not None:
        return
    if spec.meets_deadline:
        deadline_meet(case=case, code=spec.meets_deadline, on=timezone.localdate())
    if spec.closes_case:
        case_move(case=case, to_status=Case.Status.CLOSED, actor=actor, note=f"结案审批 {document.number}")


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
def case_advance(*, case, actor, note="", expected_status=""):
    """The next step of a case; deciding happens by issuing the penalty decision, not by this button.
    `expected_status` is the status the page showed: a case no longer in it has been moved already (a second
    click), and is left where it is."""
    if not permissions.is_inspector(actor):
        raise PermissionDenied("只有执法人员可以办理案件。")
    case = Case.objects.select_for_update().get(pk=case.pk)
    if expected_status and case.status != expected_status:
        raise AlreadyDone(f"案件现为“{case.get_status_display()}”。")
    if case.status == Case.Status.CLOSED:
        raise ValidationError("案件已结案。")
    following = next_case_step(case.status)
    if following is None:
        raise ValidationError(HOW_TO_MOVE_ON[case.status])
    return case_move(case=case, to_status=following, actor=actor, note=note)


# How a case leaves each step the 办理下一步 button does not take it from: each has its own record.
HOW_TO_MOVE_ON = {
    Case.Status.FILED: "请签发行政处罚决定书，案件即进入“已决定”。",
    Case.Status.INVESTIGATED: "请签发行政处罚决定书，案件即进入“已决定”。",
    Case.Status.DECIDED: "罚款及加处罚款缴清，或法院强制执行完毕并登记后，案件即进入“已执行”。",
    Case.Status.EXECUTED: "请签发结案审批表，案件即结案。",
}


def next_case_step(status):
    """The step the 办理下一步 button takes a case to: only from filing to investigated. The decision comes from
    issuing the penalty decision, execution from the payment or the court's ruling (payment_services), closing
    from the closing form (结案审批表); None for those."""
    return Case.Status.INVESTIGATED if status == Case.Status.FILED else None


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
    CaseEvent.objects.create(case=case, action=CaseAction.FILE, to_status=Case.Status.FILED, actor=actor, note=title)
    return case
