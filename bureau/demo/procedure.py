"""The demo's two penalty cases, each through the procedure: filing approved, a site record, the investigation
report approved, the notice served, the statement period over, the decision approved by staff and served. The
portal dates everything today; the demo then dates each step on its day in the past, and its deadlines with it."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from bureau.demo.dating import at, dated
from inspections.enforcement import procedure
from inspections.enforcement.approval import draft_approve, draft_save, draft_submit
from inspections.enforcement.deadlines import deadline_meet, deadline_set
from inspections.enforcement.models import Case, CaseAction, CaseDeadline, CaseEvent
from inspections.enforcement.procedure_models import DocumentDraft
from inspections.enforcement.services import case_open, document_issue
from inspections.enforcement.serving import document_serve
from inspections.enforcement.specs import DocumentKind as K
from inspections.enforcement.violation_models import Violation
from inspections.enforcement.violation_services import case_violation_add
from inspections.enforcement.violations import PartyKind

BASIS = "《中华人民共和国安全生产法》第一百零二条"


def _approve(case, kind, lead, second, staff, **fields):
    draft = draft_save(case=case, kind=kind, actor=lead, co_signer=second, **fields)
    draft_submit(draft=draft, actor=lead)
    return draft_approve(draft=draft, actor=staff, note="同意。").document


def _serve(document, lead, day, recipient):
    document_serve(document=document, actor=lead, method="direct", served_on=day, recipient=recipient)


def _violations(case, found, lead):
    """The violations found, each decided for the unit (分别裁量); the decision fines their sum."""
    for code, circumstances, decided in found:
        case_violation_add(
            case=case,
            version=Violation.objects.get(code=code).current,
            party_kind=PartyKind.UNIT,
            circumstances=circumstances,
            fine=decided,
            actor=lead,
        )


def penalty_case(hazard, fine, lead, second, opened_on, violations):
    """One case from filing to the decision served; returns (case, decision)."""
    staff = get_user_model().objects.get(username="staff")
    enterprise, facts = hazard.enterprise, hazard.description
    recipient = enterprise.legal_representative or "法定代表人"
    case = case_open(
        enterprise=enterprise,
        title=f"{enterprise.name}未及时消除事故隐患案",
        actor=lead,
        co_signer=second,
        facts=facts,
        legal_basis=BASIS,
    )
    filing = case.drafts.get(kind=K.CASE_FILING, status=DocumentDraft.Status.SUBMITTED)
    dated(draft_approve(draft=filing, actor=staff, note="同意立案。").document, opened_on)
    Case.objects.filter(pk=case.pk).update(opened_on=opened_on)
    CaseEvent.objects.filter(case=case, action=CaseAction.FILE).update(at=at(opened_on, 9))
    case.refresh_from_db()
    deadline_set(
        case=case,
        code="decision",
        label="作出处罚决定",
        starts_on=opened_on,
        days=procedure.DECISION_DAYS,
        working_days=False,
    )
    site = document_issue(
        kind=K.SITE_RECORD, enterprise=enterprise, case=case, actor=lead, co_signer=second, facts=f"现场勘验：{facts}"
    )
    dated(site, opened_on + timedelta(days=1))
    _violations(case, violations, lead)
    report = _approve(
        case, K.INVESTIGATION_REPORT, lead, second, staff, facts=facts, legal_basis=BASIS, fine_amount=fine
    )
    dated(report, opened_on + timedelta(days=3))
    notice = document_issue(
        kind=K.PENALTY_NOTICE,
        enterprise=enterprise,
        case=case,
        actor=lead,
        co_signer=second,
        facts=facts,
        legal_basis=BASIS,
        fine_amount=fine,
    )
    dated(notice, opened_on + timedelta(days=4))
    _serve(notice, lead, opened_on + timedelta(days=5), recipient)
    decided_on = opened_on + timedelta(days=15)
    decision = _approve(case, K.PENALTY_DECISION, lead, second, staff, facts=facts, legal_basis=BASIS, fine_amount=fine)
    dated(decision, decided_on)
    CaseDeadline.objects.filter(case=case, met_on__isnull=False).update(met_on=decided_on)
    deadline_set(
        case=case,
        code=f"service:{decision.pk}",
        label="送达行政处罚决定书",
        starts_on=decided_on,
        days=procedure.DECISION_SERVICE_DAYS,
        working_days=True,
    )
    _serve(decision, lead, decided_on + timedelta(days=1), recipient)
    deadline_meet(case=case, code="decision", on=decided_on)
    return case, decision


def case_in_progress(case, lead, second, today):
    """The draw's case halfway: filing approved, a site record, the training violation decided at 30,000 yuan
    (一般), the report approved, the notice served today; the party's three working days to state and defend run
    (即将到期 on the deadlines list), and the decision waits for them."""
    staff = get_user_model().objects.get(username="staff")
    enterprise, fine = case.enterprise, 30000
    filing = case.drafts.get(kind=K.CASE_FILING, status=DocumentDraft.Status.SUBMITTED)
    draft_approve(draft=filing, actor=staff, note="同意立案。")
    document_issue(
        kind=K.SITE_RECORD,
        enterprise=enterprise,
        case=case,
        actor=lead,
        co_signer=second,
        facts="现场检查：新进从业人员 3 名，未见岗前安全生产教育和培训记录。",
    )
    _violations(case, [("AQ097-3", [], fine)], lead)
    facts = "未按规定对新进从业人员进行安全生产教育和培训。"
    _approve(case, K.INVESTIGATION_REPORT, lead, second, staff, facts=facts, fine_amount=fine)
    notice = document_issue(
        kind=K.PENALTY_NOTICE,
        enterprise=enterprise,
        case=case,
        actor=lead,
        co_signer=second,
        facts=facts,
        fine_amount=fine,
    )
    # Served the day it was issued: a seed that started before midnight issues it on the next day.
    _serve(
        notice, lead, max(today, timezone.localdate(notice.issued_at)), enterprise.legal_representative or "法定代表人"
    )
