import threading
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone

from enterprises.models import Enterprise, EnterpriseStatus
from inspections.enforcement.models import Case, Document, DocumentLocked, NumberingPrefix
from inspections.enforcement.payment_services import fine_payment_record
from inspections.enforcement.services import document_issue
from inspections.enforcement.specs import DocumentKind
from tests.factories import make_hazard
from tests.procedure import decided_case, filed_case, serve

YEAR = timezone.localdate().year


def issue(world, kind, actor, co_signer, **extra):
    return document_issue(
        kind=kind, enterprise=extra.pop("enterprise", world.enterprise_x), actor=actor, co_signer=co_signer, **extra
    )


def order(world, inspector, inspector2, staff):
    hazard = make_hazard(enterprise=world.enterprise_x, reported_by=staff)
    return issue(
        world, DocumentKind.RECTIFICATION_ORDER, inspector, inspector2, hazards=[hazard], deadline=date(2030, 1, 31)
    )


def test_numbers_run_per_kind_per_year_from_the_prefix(world, inspector, inspector2, staff):
    NumberingPrefix.objects.create(kind=DocumentKind.RECTIFICATION_ORDER, prefix="瑞安监管责改")

    first = order(world, inspector, inspector2, staff)
    second = order(world, inspector, inspector2, staff)
    record = issue(world, DocumentKind.INSPECTION_RECORD, inspector, inspector2)

    assert first.number == f"瑞安监管责改〔{YEAR}〕1号"
    assert second.number == f"瑞安监管责改〔{YEAR}〕2号"
    assert record.number == f"瑞安监管检记〔{YEAR}〕1号"


def test_a_failed_issue_gives_its_number_back(world, inspector, inspector2, staff):
    with pytest.raises(RuntimeError), transaction.atomic():
        order(world, inspector, inspector2, staff)
        raise RuntimeError("the printer caught fire")

    assert order(world, inspector, inspector2, staff).sequence == 1


def test_documents_need_two_inspectors(world, inspector, staff):
    with pytest.raises(ValidationError, match="两名执法人员"):
        issue(world, DocumentKind.INSPECTION_RECORD, inspector, inspector)
    with pytest.raises(ValidationError, match="两名执法人员"):
        issue(world, DocumentKind.INSPECTION_RECORD, inspector, staff)


def test_an_order_lists_hazards_of_the_enterprise_with_a_deadline(world, inspector, inspector2, staff):
    other = make_hazard(enterprise=world.enterprise_y, reported_by=staff)
    with pytest.raises(ValidationError, match="须列明隐患"):
        issue(world, DocumentKind.RECTIFICATION_ORDER, inspector, inspector2, deadline=date(2030, 1, 1))
    with pytest.raises(ValidationError, match="须属于当事单位"):
        issue(
            world, DocumentKind.RECTIFICATION_ORDER, inspector, inspector2, hazards=[other], deadline=date(2030, 1, 1)
        )


def test_a_recheck_opinion_only_after_an_order_or_measures(world, inspector, inspector2, staff):
    with pytest.raises(ValidationError, match="须先对该单位下达"):
        issue(world, DocumentKind.RECHECK_OPINION, inspector, inspector2)
    assert not Document.objects.exists()

    order(world, inspector, inspector2, staff)
    assert issue(world, DocumentKind.RECHECK_OPINION, inspector, inspector2).kind == DocumentKind.RECHECK_OPINION


def test_suspension_sets_the_status_until_a_later_document_lifts_it(world, inspector, inspector2):
    issue(world, DocumentKind.MEASURES_DECISION, inspector, inspector2, suspends=True, facts="罐区存在重大事故隐患")
    assert Enterprise.objects.get(pk=world.enterprise_x.pk).status == EnterpriseStatus.SUSPENDED

    issue(world, DocumentKind.RECHECK_OPINION, inspector, inspector2, lifts_suspension=True)
    assert Enterprise.objects.get(pk=world.enterprise_x.pk).status == EnterpriseStatus.OPERATING


def test_the_enterprises_history_records_each_suspension_and_lifting(world, inspector, inspector2):
    suspension = issue(
        world, DocumentKind.MEASURES_DECISION, inspector, inspector2, suspends=True, facts="罐区存在重大事故隐患"
    )
    lifting = issue(world, DocumentKind.RECHECK_OPINION, inspector, inspector2, lifts_suspension=True)

    history = list(world.enterprise_x.history.order_by("history_date", "history_id")[1:])
    assert [(h.status, h.history_user, h.history_change_reason) for h in history] == [
        (EnterpriseStatus.SUSPENDED, inspector, f"现场处理措施决定书 {suspension.number}"),
        (EnterpriseStatus.OPERATING, inspector, f"整改复查意见书 {lifting.number}"),
    ]


def test_lifting_needs_a_suspension(world, inspector, inspector2, staff):
    order(world, inspector, inspector2, staff)
    with pytest.raises(ValidationError, match="未处于停产整顿状态"):
        issue(world, DocumentKind.RECHECK_OPINION, inspector, inspector2, lifts_suspension=True)


def test_an_issued_document_is_locked_and_corrected_by_a_new_one(world, inspector, inspector2):
    original = issue(world, DocumentKind.INSPECTION_RECORD, inspector, inspector2, facts="原文")

    original.facts = "改过的"
    with pytest.raises(DocumentLocked):
        original.save()
    with pytest.raises(DocumentLocked):
        original.delete()
    correction = issue(world, DocumentKind.INSPECTION_RECORD, inspector, inspector2, facts="更正", supersedes=original)

    original.refresh_from_db()
    assert original.facts == "原文" and original.superseded_by == correction
    with pytest.raises(ValidationError, match="已被更正过"):
        issue(world, DocumentKind.INSPECTION_RECORD, inspector, inspector2, supersedes=original)


def test_a_case_runs_from_filing_to_closing_with_its_documents(world, inspector, inspector2):
    case = filed_case(world.enterprise_x, inspector, inspector2, title="未落实有限空间作业审批")
    assert case.documents.get().kind == DocumentKind.CASE_FILING

    case, decision = decided_case(world.enterprise_x, inspector, inspector2, fine=20000, case=case, served=False)
    assert case.status == Case.Status.DECIDED
    # Executed by the payment (after service), closed by the closing form.
    serve(decision, inspector)
    fine_payment_record(
        case=case, amount=Decimal(20000), paid_on=timezone.localdate(), receipt_number="33010001", actor=inspector
    )
    issue(world, DocumentKind.CASE_CLOSING, inspector, inspector2, case=case, facts="罚款已缴清")

    case.refresh_from_db()
    assert case.status == Case.Status.CLOSED
    assert [e.get_action_display() for e in case.events.all()] == [
        "立案",
        "调查终结",
        "作出处罚决定",
        "执行完毕",
        "结案",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_two_inspectors_issuing_at_the_same_moment_get_distinct_consecutive_numbers(world, inspector, inspector2):
    barrier = threading.Barrier(4)
    numbers, errors = [], []

    def issue_one(actor, co_signer):
        try:
            barrier.wait()
            numbers.append(
                document_issue(
                    kind=DocumentKind.INSPECTION_RECORD, enterprise=world.enterprise_x, actor=actor, co_signer=co_signer
                ).sequence
            )
        except Exception as exc:  # noqa: BLE001 - the assertion below shows what went wrong
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=issue_one, args=pair) for pair in [(inspector, inspector2), (inspector2, inspector)] * 2
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]
