"""The penalty procedure's gates (inspections.enforcement.procedure): each step only after the ones the law puts
before it, with fixed dates and the holiday calendar."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from bureau.models import CalendarDay
from bureau.once import AlreadyDone
from inspections.enforcement.approval import draft_approve, draft_return, draft_save, draft_submit
from inspections.enforcement.models import Case, CaseDeadline
from inspections.enforcement.payment_services import fine_payment_record
from inspections.enforcement.procedure_models import DocumentDraft, PartyChoice
from inspections.enforcement.services import case_open
from inspections.enforcement.serving import party_choice_record
from inspections.enforcement.specs import DocumentKind as K
from tests.procedure import approve, approver, filed_case, investigated_case, issue_for, serve
from tests.violations import decide_fines

# A Wednesday before a National Day week: 10-01..10-07 off, Saturday 10-10 worked (the calendar's rows).
NOTICE_DAY = date(2026, 9, 30)


@pytest.fixture
def national_day(db):
    for day in range(1, 8):
        CalendarDay.objects.update_or_create(
            date=date(2026, 10, day), defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": "国庆节"}
        )
    CalendarDay.objects.update_or_create(
        date=date(2026, 10, 10), defaults={"kind": CalendarDay.Kind.WORKDAY, "name": "国庆节调休"}
    )


def deadline(case, code):
    return CaseDeadline.objects.get(case=case, code=code)


def test_documents_that_need_approval_are_not_issued_directly(world, inspector, inspector2):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    issue_for(case, K.SITE_RECORD, inspector, inspector2, facts="现场勘验")
    with pytest.raises(ValidationError, match="须经负责人审批后签发"):
        issue_for(case, K.INVESTIGATION_REPORT, inspector, inspector2, fine_amount=20000)


def test_filing_is_approved_by_the_person_in_charge_not_the_drafter(world, inspector, inspector2, staff):
    case = case_open(enterprise=world.enterprise_x, title="未按规定开展应急演练", actor=inspector, co_signer=inspector2)
    draft = case.drafts.get()
    assert draft.status == DocumentDraft.Status.SUBMITTED and not case.documents.exists()
    with pytest.raises(ValidationError, match="立案审批表经批准后"):
        issue_for(case, K.SITE_RECORD, inspector, inspector2)
    with pytest.raises(PermissionDenied):
        draft_approve(draft=draft, actor=inspector2)

    approved = draft_approve(draft=draft, actor=staff, note="同意立案")

    document = approved.document
    assert (document.kind, document.approved_by, document.issued_by) == (K.CASE_FILING, staff, inspector)
    assert document.approved_at is not None and approved.approved_at == document.approved_at
    with pytest.raises(AlreadyDone):
        draft_approve(draft=draft, actor=staff)
    assert case.documents.count() == 1


def test_a_returned_draft_is_edited_and_submitted_again(world, inspector, inspector2, staff):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    issue_for(case, K.INQUIRY_RECORD, inspector, inspector2, facts="询问当事人")
    draft = draft_save(case=case, kind=K.INVESTIGATION_REPORT, actor=inspector, co_signer=inspector2, fine_amount=1)
    with pytest.raises(AlreadyDone):
        draft_approve(draft=draft, actor=staff)
    draft_submit(draft=draft, actor=inspector)
    with pytest.raises(ValidationError, match="写明意见"):
        draft_return(draft=draft, actor=staff, note=" ")
    draft_return(draft=draft, actor=staff, note="罚款金额有误")

    draft_save(
        case=case, kind=K.INVESTIGATION_REPORT, actor=inspector, draft=draft, co_signer=inspector2, fine_amount=20000
    )
    draft_submit(draft=draft, actor=inspector)
    report = draft_approve(draft=draft, actor=staff).document

    assert report.fine_amount == 20000
    assert Case.objects.get(pk=case.pk).status == Case.Status.INVESTIGATED


def test_no_report_without_evidence_and_no_notice_before_the_report(world, inspector, inspector2):
    case = filed_case(world.enterprise_x, inspector, inspector2)
    with pytest.raises(ValidationError, match="须先制作询问笔录或勘验笔录"):
        draft_save(case=case, kind=K.INVESTIGATION_REPORT, actor=inspector, co_signer=inspector2)
    with pytest.raises(ValidationError, match="须先出具案件调查终结报告"):
        issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=20000)


def test_a_major_case_needs_a_legal_review_by_someone_who_did_not_investigate(world, inspector, inspector2):
    from tests.factories import make_user

    reviewer = make_user("inspector", username="reviewer")
    case = investigated_case(world.enterprise_x, inspector, inspector2, fine=60000)
    with pytest.raises(ValidationError, match="法制审核"):
        issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=60000)
    with pytest.raises(ValidationError, match="未参与调查"):
        issue_for(case, K.LEGAL_REVIEW, inspector2, inspector, facts="事实清楚")

    issue_for(case, K.LEGAL_REVIEW, reviewer, inspector, facts="事实清楚、证据确凿")
    issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=60000)


def test_a_suspension_makes_the_case_major_whatever_the_fine(world, inspector, inspector2):
    case = investigated_case(world.enterprise_x, inspector, inspector2, fine=1000, sanction="suspension")
    with pytest.raises(ValidationError, match="法制审核"):
        issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=1000)


@time_machine.travel("2026-09-30 10:00 +0800", tick=False)
def test_the_notice_served_starts_the_periods_in_working_days(world, inspector, inspector2, national_day):
    case = investigated_case(world.enterprise_x, inspector, inspector2, fine=60000)
    from tests.factories import make_user

    issue_for(case, K.LEGAL_REVIEW, make_user("inspector", username="reviewer"), inspector)
    serve(issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=60000), inspector, NOTICE_DAY)

    statement, hearing = deadline(case, "statement"), deadline(case, "hearing_request")
    # 10-08 Thu, 10-09 Fri, 10-10 the worked Saturday; then 10-12 Mon, 10-13 Tue.
    assert (statement.due_on, statement.working_days) == (date(2026, 10, 10), True)
    assert hearing.due_on == date(2026, 10, 13)
    # The decision is due 90 calendar days after filing (filed today).
    assert deadline(case, "decision").due_on == date(2026, 12, 29)


def _noticed_case(world, inspector, inspector2, fine=20000):
    case = investigated_case(world.enterprise_x, inspector, inspector2, fine=fine)
    serve(issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=fine), inspector)
    return case


def _draft_decision(case, inspector, inspector2, fine=20000):
    if not case.violations.exists():
        decide_fines(case, inspector, fine)
    return draft_save(case=case, kind=K.PENALTY_DECISION, actor=inspector, co_signer=inspector2, fine_amount=fine)


def test_no_decision_before_the_notice_is_served(world, inspector, inspector2):
    case = investigated_case(world.enterprise_x, inspector, inspector2)
    issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=20000)
    with pytest.raises(ValidationError, match="须先送达行政处罚告知书"):
        _draft_decision(case, inspector, inspector2)


def test_no_decision_before_the_statement_period_ends(world, inspector, inspector2, national_day):
    with time_machine.travel("2026-09-30 10:00 +0800", tick=False):
        case = _noticed_case(world, inspector, inspector2)
    with time_machine.travel("2026-10-10 16:00 +0800", tick=False), pytest.raises(ValidationError, match="尚未届满"):
        _draft_decision(case, inspector, inspector2)
    with time_machine.travel("2026-10-12 09:00 +0800", tick=False):
        draft = _draft_decision(case, inspector, inspector2)
        draft_submit(draft=draft, actor=inspector)
        penalty = draft_approve(draft=draft, actor=approver()).document

    assert Case.objects.get(pk=case.pk).status == Case.Status.DECIDED
    assert deadline(case, "decision").met_on == date(2026, 10, 12)
    # Served within 7 working days of the decision: by 10-21.
    assert deadline(case, f"service:{penalty.pk}").due_on == date(2026, 10, 21)


@time_machine.travel("2026-10-08 10:00 +0800", tick=False)
def test_a_written_waiver_lets_the_decision_come_at_once(world, inspector, inspector2, national_day):
    case = _noticed_case(world, inspector, inspector2)
    party_choice_record(case=case, actor=inspector, kind=PartyChoice.Kind.WAIVER, made_on=date(2026, 10, 8))
    with pytest.raises(AlreadyDone):
        party_choice_record(case=case, actor=inspector, kind=PartyChoice.Kind.WAIVER, made_on=date(2026, 10, 8))

    approve(case, K.PENALTY_DECISION, inspector, inspector2, fine_amount=20000)

    assert Case.objects.get(pk=case.pk).status == Case.Status.DECIDED
    assert deadline(case, "statement").met_on == date(2026, 10, 8)


def test_a_hearing_is_only_for_large_fines_suspension_or_revocation(world, inspector, inspector2):
    with time_machine.travel("2026-10-08 10:00 +0800", tick=False):
        case = _noticed_case(world, inspector, inspector2)
        with pytest.raises(ValidationError, match="不属于听证范围"):
            party_choice_record(case=case, actor=inspector, kind=PartyChoice.Kind.HEARING, made_on=date(2026, 10, 8))


def _hearing_case(world, inspector, inspector2):
    from tests.factories import make_user

    case = investigated_case(world.enterprise_x, inspector, inspector2, fine=80000)
    issue_for(case, K.LEGAL_REVIEW, make_user("inspector", username="reviewer"), inspector)
    serve(issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=80000), inspector)
    party_choice_record(case=case, actor=inspector, kind=PartyChoice.Kind.HEARING, made_on=date(2026, 10, 8))
    return case


def test_a_hearing_request_adds_the_notice_and_the_record_before_the_decision(
    world, inspector, inspector2, national_day
):
    with time_machine.travel("2026-10-08 10:00 +0800", tick=False):
        case = _hearing_case(world, inspector, inspector2)
        assert deadline(case, "hearing_request").met_on == date(2026, 10, 8)
        # Served 10-08: the seventh working day after is 10-16 (10-10 is worked), so 10-15 is too soon.
        early = issue_for(case, K.HEARING_NOTICE, inspector, inspector2, hearing_on=date(2026, 10, 15))
        with pytest.raises(ValidationError, match="七个工作日前送达"):
            serve(early, inspector, date(2026, 10, 8))
        notice = issue_for(
            case, K.HEARING_NOTICE, inspector, inspector2, hearing_on=date(2026, 10, 16), supersedes=early
        )
        serve(notice, inspector, date(2026, 10, 8))
        with pytest.raises(ValidationError, match="尚未到期"):
            issue_for(case, K.HEARING_RECORD, inspector, inspector2)
    with time_machine.travel("2026-10-16 15:00 +0800", tick=False):
        issue_for(case, K.DISCUSSION_RECORD, inspector, inspector2, facts="集体讨论同意")
        with pytest.raises(ValidationError, match="听证笔录"):
            _draft_decision(case, inspector, inspector2, fine=80000)
        issue_for(case, K.HEARING_RECORD, inspector, inspector2, facts="当事人陈述")
        approve(case, K.PENALTY_DECISION, inspector, inspector2, fine_amount=80000)
    assert Case.objects.get(pk=case.pk).status == Case.Status.DECIDED


def test_a_hearing_asked_after_its_period_is_refused(world, inspector, inspector2, national_day):
    with time_machine.travel("2026-10-14 10:00 +0800", tick=False):
        from tests.factories import make_user

        case = investigated_case(world.enterprise_x, inspector, inspector2, fine=80000)
        issue_for(case, K.LEGAL_REVIEW, make_user("inspector", username="reviewer"), inspector)
        serve(
            issue_for(case, K.PENALTY_NOTICE, inspector, inspector2, fine_amount=80000), inspector, date(2026, 10, 14)
        )
    with time_machine.travel("2026-10-22 10:00 +0800", tick=False), pytest.raises(ValidationError, match="听证申请期"):
        party_choice_record(case=case, actor=inspector, kind=PartyChoice.Kind.HEARING, made_on=date(2026, 10, 22))


def test_a_major_case_is_decided_after_collective_discussion(world, inspector, inspector2, national_day):
    with time_machine.travel("2026-10-08 10:00 +0800", tick=False):
        case = _hearing_case(world, inspector, inspector2)
    with time_machine.travel("2026-10-20 10:00 +0800", tick=False):
        notice = issue_for(case, K.HEARING_NOTICE, inspector, inspector2, hearing_on=date(2026, 10, 30))
        serve(notice, inspector, date(2026, 10, 20))
    with time_machine.travel("2026-10-30 16:00 +0800", tick=False):
        issue_for(case, K.HEARING_RECORD, inspector, inspector2)
        with pytest.raises(ValidationError, match="集体讨论"):
            _draft_decision(case, inspector, inspector2, fine=80000)


def test_the_case_is_executed_only_after_the_decision_is_served(world, inspector, inspector2):
    from tests.procedure import decided_case

    case, penalty = decided_case(world.enterprise_x, inspector, inspector2, served=False)
    assert deadline(case, f"service:{penalty.pk}").is_open
    paid = {"case": case, "amount": penalty.fine_amount, "paid_on": timezone.localdate(), "actor": inspector}
    with pytest.raises(ValidationError, match="送达"):
        fine_payment_record(**paid, receipt_number="33010001")

    serve(penalty, inspector)
    assert not deadline(case, f"service:{penalty.pk}").is_open
    fine_payment_record(**paid, receipt_number="33010002")
    assert Case.objects.get(pk=case.pk).status == Case.Status.EXECUTED


def test_a_refused_service_names_the_refusal(world, inspector, inspector2):
    from inspections.enforcement.serving import document_serve

    case = filed_case(world.enterprise_x, inspector, inspector2)
    filing = case.documents.get()
    with pytest.raises(ValidationError, match="拒收情况"):
        document_serve(
            document=filing,
            actor=inspector,
            method="left",
            served_on=timezone.localdate(filing.issued_at),
            recipient="张三",
            signed=False,
        )
    record = document_serve(
        document=filing,
        actor=inspector,
        method="left",
        served_on=timezone.localdate(filing.issued_at),
        recipient="张三",
        signed=False,
        refusal_note="拒绝签收，见证人李四",
    )
    assert not record.signed
    with pytest.raises(AlreadyDone):
        document_serve(
            document=filing,
            actor=inspector,
            method="left",
            served_on=timezone.localdate(filing.issued_at),
            recipient="张三",
            signed=False,
            refusal_note="拒绝签收，见证人李四",
        )


@time_machine.travel("2026-10-08 10:00 +0800", tick=False)
def test_the_decision_is_not_heavier_than_the_notice(world, inspector, inspector2, national_day):
    case = _noticed_case(world, inspector, inspector2, fine=20000)
    party_choice_record(case=case, actor=inspector, kind=PartyChoice.Kind.WAIVER, made_on=date(2026, 10, 8))

    with pytest.raises(ValidationError, match="不能重于行政处罚告知书"):
        _draft_decision(case, inspector, inspector2, fine=30000)
    with pytest.raises(ValidationError, match="不能重于行政处罚告知书"):
        draft_save(
            case=case,
            kind=K.PENALTY_DECISION,
            actor=inspector,
            co_signer=inspector2,
            fine_amount=20000,
            sanction="suspension",
        )
    assert _draft_decision(case, inspector, inspector2, fine=15000).fine_amount == 15000
