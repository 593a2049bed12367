"""The penalty procedure between filing and the decision's service (行政处罚法 2021), in one place: which steps a
case needs, in which order, and the periods the law sets (every one a CaseDeadline row, counted by bureau.workdays).

行政处罚法 第八十五条: its "三日""五日""七日" are working days; other periods are calendar days.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from bureau import workdays
from inspections.enforcement.deadlines import deadline_meet, deadline_set
from inspections.enforcement.models import Case, CaseDeadline, Document, Sanction, ServiceRecord
from inspections.enforcement.procedure_models import PartyChoice
from inspections.enforcement.specs import SPECS
from inspections.enforcement.specs import DocumentKind as K

# Periods (working days unless said otherwise).
STATEMENT_DAYS = 3  # 陈述、申辩: 安全生产违法行为行政处罚办法 (2015) 第三十一条 "三日内" — unconfirmed for 2021
HEARING_REQUEST_DAYS = 5  # 要求听证: 行政处罚法 第六十四条第（一）项 "告知后五日内"
HEARING_NOTICE_DAYS = 7  # 听证通知: 行政处罚法 第六十四条第（二）项 "举行听证的七日前"
DECISION_DAYS = 90  # 作出决定: 行政处罚法 第六十条, calendar days from filing
DECISION_SERVICE_DAYS = 7  # 决定书送达: 行政处罚法 第六十一条 "七日内"

# 较大数额罚款: no national figure; these are the 应急管理 figures commonly used (对单位 5 万元, 对个人 5000 元) —
# unconfirmed for this bureau; settings.PENALTY_LARGE_FINE overrides them.
LARGE_FINE = {"unit": Decimal("50000"), "person": Decimal("5000")}
SANCTIONS = (Sanction.SUSPENSION, Sanction.REVOCATION)


def large_fine(party="unit"):
    """The fine from which a case is major (法制审核、集体讨论) and the party may ask a hearing; the party of a case
    is the enterprise (a unit)."""
    return Decimal(getattr(settings, "PENALTY_LARGE_FINE", LARGE_FINE)[party])


def live(case, *kinds):
    return Document.objects.filter(case=case, kind__in=kinds, superseded_by__isnull=True)


def _latest(case, *kinds):
    return live(case, *kinds).order_by("-issued_at", "-id").first()


def proposal(case):
    """The penalty proposed: the notice's, else the investigation report's; None before the report."""
    return _latest(case, K.PENALTY_NOTICE) or _latest(case, K.INVESTIGATION_REPORT)


def is_heavy(document):
    if document is None:
        return False
    return (document.fine_amount or 0) >= large_fine() or document.sanction in SANCTIONS


def is_major(case):
    """A major case (重大执法决定): a large fine, suspension or revocation. It needs 法制审核 and 集体讨论."""
    return is_heavy(proposal(case))


def may_ask_hearing(case):
    """行政处罚法 第六十三条: large fines, suspension and revocation give the right to a hearing."""
    return is_heavy(proposal(case))


def choice(case, kind):
    return PartyChoice.objects.filter(case=case, kind=kind).first()


def investigators(case):
    """Who investigated: the signers of the evidence records and the report."""
    ids = set()
    for issued_by, co_signer in live(case, K.INQUIRY_RECORD, K.SITE_RECORD, K.INVESTIGATION_REPORT).values_list(
        "issued_by", "co_signer"
    ):
        ids.update({issued_by, co_signer})
    ids.discard(None)
    return ids


def served_on(document):
    """The day the document was first served, or None."""
    if document is None:
        return None
    return (
        ServiceRecord.objects.filter(document=document)
        .order_by("served_on")
        .values_list("served_on", flat=True)
        .first()
    )


def _deadline(case, code):
    return CaseDeadline.objects.filter(case=case, code=code).first()


def periods_over(case, today):
    """Whether the statement period and (when the party may ask one) the hearing-request period have ended, or the
    party waived them in writing."""
    if choice(case, PartyChoice.Kind.WAIVER):
        return True
    codes = ["statement"] + ["hearing_request"] * may_ask_hearing(case)
    rows = [_deadline(case, code) for code in codes]
    return all(row is not None and row.due_on < today for row in rows)


def _need(condition, message):
    if not condition:
        raise ValidationError(message)


def _check_decision(case, today):
    _need(live(case, K.INVESTIGATION_REPORT).exists(), "须先出具案件调查终结报告，才能作出处罚决定。")
    if is_major(case):
        _need(live(case, K.LEGAL_REVIEW).exists(), "重大执法决定须先经法制审核。")
        _need(live(case, K.DISCUSSION_RECORD).exists(), "重大执法决定须经集体讨论，请先制作集体讨论记录。")
    notice = _latest(case, K.PENALTY_NOTICE)
    _need(served_on(notice) is not None, "须先送达行政处罚告知书，才能作出处罚决定。")
    _need(
        periods_over(case, today),
        "陈述申辩期（及听证申请期）尚未届满，当事人也未书面放弃，不能作出处罚决定。",
    )
    if choice(case, PartyChoice.Kind.HEARING):
        _need(live(case, K.HEARING_RECORD).exists(), "当事人已申请听证：须先举行听证并制作听证笔录。")


def _check_hearing_record(case, today):
    notice = _latest(case, K.HEARING_NOTICE)
    _need(served_on(notice) is not None, "须先送达听证告知书，才能制作听证笔录。")
    _need(notice.hearing_on <= today, f"听证定于{notice.hearing_on:%Y-%m-%d}举行，尚未到期。")


def _check_before_report(case):
    _need(live(case, K.CASE_FILING).exists(), "立案审批表经批准后，才能调查取证。")


def _check_not_heavier(case, fine_amount, sanction):
    """行政处罚法 第四十五条: the decision may not be heavier than the penalty the notice told the party of (a
    heavier one needs a new notice, and with it the periods again)."""
    notice = _latest(case, K.PENALTY_NOTICE)
    if notice is None:
        return
    _need(
        (fine_amount or 0) <= (notice.fine_amount or 0) and (not sanction or sanction == notice.sanction),
        "处罚决定不能重于行政处罚告知书告知的处罚；如需加重，请重新告知。",
    )


def check_issue(*, case, kind, signer, today=None, supersedes=None, fine_amount=None, sanction=""):
    """Refuse (ValidationError) a document of `kind` for `case` that the procedure does not allow now; the fine and
    sanction are the document's (a decision's may not exceed the notice's)."""
    today = today or timezone.localdate()
    if kind == K.CASE_FILING:
        return
    _check_before_report(case)
    if kind in (K.INQUIRY_RECORD, K.SITE_RECORD):
        _need(case.status in (Case.Status.FILED, Case.Status.INVESTIGATED), "案件已作出决定，不能再调查取证。")
    elif kind == K.INVESTIGATION_REPORT:
        _need(live(case, K.INQUIRY_RECORD, K.SITE_RECORD).exists(), "须先制作询问笔录或勘验笔录，才能调查终结。")
        _need(supersedes is not None or case.status == Case.Status.FILED, "案件已调查终结。")
    elif kind in (K.LEGAL_REVIEW, K.DISCUSSION_RECORD, K.PENALTY_NOTICE):
        _need(live(case, K.INVESTIGATION_REPORT).exists(), f"须先出具案件调查终结报告，才能制作{SPECS[kind].title}。")
        if kind == K.LEGAL_REVIEW:
            _need(signer.pk not in investigators(case), "法制审核须由未参与调查的执法人员作出。")
        elif is_major(case):
            _need(live(case, K.LEGAL_REVIEW).exists(), f"重大执法决定须先经法制审核，才能制作{SPECS[kind].title}。")
    elif kind == K.HEARING_NOTICE:
        _need(choice(case, PartyChoice.Kind.HEARING) is not None, "当事人未申请听证。")
    elif kind == K.HEARING_RECORD:
        _check_hearing_record(case, today)
    elif kind == K.PENALTY_DECISION:
        _check_decision(case, today)
        _check_not_heavier(case, fine_amount, sanction)


def after_issue(document):
    """The periods an issued document starts or ends (inside the issuing transaction)."""
    case, day = document.case, timezone.localdate(document.issued_at)
    if document.kind == K.CASE_FILING and document.supersedes_id is None:
        deadline_set(
            case=case,
            code="decision",
            label="作出处罚决定",
            starts_on=case.opened_on,
            days=DECISION_DAYS,
            working_days=False,
        )
    elif document.kind == K.PENALTY_DECISION:
        deadline_meet(case=case, code="decision", on=day)
        for code in ("statement", "hearing_request"):
            deadline_meet(case=case, code=code, on=day)
        deadline_set(
            case=case,
            code=f"service:{document.pk}",
            label="送达行政处罚决定书",
            starts_on=day,
            days=DECISION_SERVICE_DAYS,
            working_days=True,
        )


def check_service(document, served):
    """Refuse a service the procedure does not allow: the hearing must be notified 7 working days ahead."""
    if document.kind == K.HEARING_NOTICE and document.hearing_on is not None:
        latest = workdays.add_working_days(served, HEARING_NOTICE_DAYS)
        _need(
            latest <= document.hearing_on,
            f"听证告知书须在听证七个工作日前送达：听证定于{document.hearing_on:%Y-%m-%d}，"
            f"送达日期须不晚于其前七个工作日。",
        )


def after_service(record):
    """The periods a served document starts (the notice) or ends (the decision's service)."""
    document, case = record.document, record.document.case
    if case is None or served_on(document) != record.served_on:
        return
    if document.kind == K.PENALTY_NOTICE:
        deadline_set(
            case=case,
            code="statement",
            label="陈述申辩期",
            starts_on=record.served_on,
            days=STATEMENT_DAYS,
            working_days=True,
        )
        if may_ask_hearing(case):
            deadline_set(
                case=case,
                code="hearing_request",
                label="听证申请期",
                starts_on=record.served_on,
                days=HEARING_REQUEST_DAYS,
                working_days=True,
            )
    deadline_meet(case=case, code=f"service:{document.pk}", on=record.served_on)


def check_execute(case):
    decision = _latest(case, K.PENALTY_DECISION)
    _need(served_on(decision) is not None, "行政处罚决定书送达后，案件才能进入“已执行”。")


def check_choice(case, kind, made_on):
    """The party's written choice comes after the notice was served; a hearing is asked within its period."""
    notice_served = served_on(_latest(case, K.PENALTY_NOTICE))
    _need(notice_served is not None, "行政处罚告知书送达后，才能登记当事人意见。")
    _need(made_on >= notice_served, "当事人意见的日期不能早于告知书送达日期。")
    _need(case.status in (Case.Status.FILED, Case.Status.INVESTIGATED), "案件已作出决定。")
    if kind == PartyChoice.Kind.HEARING:
        _need(may_ask_hearing(case), "拟作出的处罚不属于听证范围（较大数额罚款、责令停产停业、吊销许可证照）。")
        period = _deadline(case, "hearing_request")
        _need(period is not None and made_on <= period.due_on, "已超过听证申请期（告知书送达后五个工作日）。")
        deadline_meet(case=case, code="hearing_request", on=made_on)
    else:
        for code in ("statement", "hearing_request"):
            deadline_meet(case=case, code=code, on=made_on)


@dataclass(frozen=True)
class Step:
    """One line of the case's checklist."""

    code: str
    label: str
    kind: str  # the document kind that records the step
    required: bool
    done: bool
    document: Document | None = None
    deadline: CaseDeadline | None = None
    served: object = None  # the date the document was served, for the steps that are served


def steps(case):
    """The checklist of the case, in the order of the procedure."""
    major = is_major(case)
    hearing = choice(case, PartyChoice.Kind.HEARING) is not None
    notice, decision = _latest(case, K.PENALTY_NOTICE), _latest(case, K.PENALTY_DECISION)
    evidence = _latest(case, K.INQUIRY_RECORD, K.SITE_RECORD)
    deadlines = {row.code: row for row in case.deadlines.all()}

    def step(code, label, kind, required=True, deadline=None):
        document = _latest(case, kind)
        return Step(code, label, kind, required, document is not None, document, deadlines.get(deadline or ""))

    decision_served = served_on(decision)
    return [
        step("filing", "立案审批", K.CASE_FILING),
        Step("evidence", "调查取证（询问笔录、勘验笔录）", K.SITE_RECORD, True, evidence is not None, evidence),
        step("report", "调查终结报告", K.INVESTIGATION_REPORT),
        step("review", "法制审核", K.LEGAL_REVIEW, required=major),
        Step(
            "notice",
            "行政处罚告知书（送达后起算陈述申辩期）",
            K.PENALTY_NOTICE,
            True,
            served_on(notice) is not None,
            notice,
            deadlines.get("statement"),
            served_on(notice),
        ),
        step(
            "hearing_notice",
            "听证告知书（听证七个工作日前送达）",
            K.HEARING_NOTICE,
            required=hearing,
            deadline="hearing_request",
        ),
        step("hearing", "听证笔录", K.HEARING_RECORD, required=hearing),
        step("discussion", "集体讨论", K.DISCUSSION_RECORD, required=major),
        step("decision", "行政处罚决定（立案后九十日内）", K.PENALTY_DECISION, deadline="decision"),
        Step(
            "service",
            "送达行政处罚决定书（七个工作日内）",
            K.PENALTY_DECISION,
            True,
            decision_served is not None,
            decision,
            deadlines.get(f"service:{decision.pk}") if decision else None,
            decision_served,
        ),
    ]


def may_issue(case, kind, signer):
    """Whether the procedure lets `signer` issue (or draft) a `kind` now: for the checklist's buttons."""
    try:
        check_issue(case=case, kind=kind, signer=signer)
    except ValidationError:
        return False
    return True
