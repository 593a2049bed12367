"""Moving a case through the penalty procedure in tests: filing approved, evidence, report, notice served, and a
decision approved and served. The party waives its periods so a decision can follow the same day."""

from django.utils import timezone

from bureau.roles import Role
from inspections.enforcement.approval import draft_approve, draft_save, draft_submit
from inspections.enforcement.procedure_models import DocumentDraft, PartyChoice
from inspections.enforcement.services import case_open, document_issue
from inspections.enforcement.serving import document_serve, party_choice_record
from inspections.enforcement.specs import DocumentKind as K
from tests.factories import make_user
from tests.violations import decide_fines


def approver():
    from django.contrib.auth import get_user_model

    found = get_user_model().objects.filter(username="approver").first()
    return found or make_user(Role.STAFF, username="approver")


def approve(case, kind, actor, co_signer, **fields):
    if kind == K.PENALTY_DECISION and fields.get("fine_amount") and not case.violations.exists():
        # The decision fines the sum of the violations decided one by one: one of 第一百零二条 for the whole fine.
        decide_fines(case, actor, fields["fine_amount"])
    draft = draft_save(case=case, kind=kind, actor=actor, co_signer=co_signer, **fields)
    draft_submit(draft=draft, actor=actor)
    return draft_approve(draft=draft, actor=approver()).document


def filed_case(enterprise, actor, co_signer, title="未按规定开展应急演练", **fields):
    case = case_open(enterprise=enterprise, title=title, actor=actor, co_signer=co_signer, **fields)
    draft_approve(draft=case.drafts.get(kind=K.CASE_FILING, status=DocumentDraft.Status.SUBMITTED), actor=approver())
    return case


def issue_for(case, kind, actor, co_signer, **fields):
    return document_issue(kind=kind, enterprise=case.enterprise, case=case, actor=actor, co_signer=co_signer, **fields)


def serve(document, actor, on=None):
    return document_serve(
        document=document, actor=actor, method="direct", served_on=on or timezone.localdate(), recipient="张三"
    )


def investigated_case(enterprise, actor, co_signer, fine=20000, sanction="", case=None):
    case = case or filed_case(enterprise, actor, co_signer)
    issue_for(case, K.SITE_RECORD, actor, co_signer, facts="现场未见应急演练记录")
    approve(case, K.INVESTIGATION_REPORT, actor, co_signer, fine_amount=fine, sanction=sanction, facts="事实清楚")
    return case


def decided_case(enterprise, actor, co_signer, fine=20000, served=True, case=None, **decision):
    """A case (a new one, or `case` just filed) decided with `fine`, the party having waived its periods."""
    case = investigated_case(enterprise, actor, co_signer, fine=fine, case=case)
    notice = issue_for(case, K.PENALTY_NOTICE, actor, co_signer, fine_amount=fine)
    serve(notice, actor)
    party_choice_record(case=case, actor=actor, kind=PartyChoice.Kind.WAIVER, made_on=timezone.localdate())
    penalty = approve(case, K.PENALTY_DECISION, actor, co_signer, fine_amount=fine, **decision)
    if served:
        serve(penalty, actor)
    case.refresh_from_db()
    return case, penalty
