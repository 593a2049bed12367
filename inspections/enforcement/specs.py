"""The kinds of enforcement document (执法文书) and, in one row per kind, every rule that depends on the kind.

The issuing form (which fields), the documents service (what must be there, what may come first, the effect on the
enterprise and the case), the issuing and printed pages (title, default legal basis, layout) and the numbering
(default prefix) all read SPECS; nothing else decides by kind.
"""

from dataclasses import dataclass

from django.db import models


class DocumentKind(models.TextChoices):
    INSPECTION_RECORD = "record", "现场检查记录"
    RECTIFICATION_ORDER = "order", "责令限期整改指令书"
    RECHECK_OPINION = "recheck", "整改复查意见书"
    MEASURES_DECISION = "measures", "现场处理措施决定书"
    CASE_FILING = "filing", "立案审批表"
    PENALTY_DECISION = "penalty", "行政处罚决定书"
    PAYMENT_REMINDER = "reminder", "催告书"
    ENFORCEMENT_APPLICATION = "enforce", "强制执行申请书"
    CASE_CLOSING = "closing", "结案审批表"
    INQUIRY_RECORD = "inquiry", "询问笔录"
    SITE_RECORD = "site", "勘验笔录"
    INVESTIGATION_REPORT = "report", "案件调查终结报告"
    LEGAL_REVIEW = "review", "法制审核意见书"
    DISCUSSION_RECORD = "discuss", "集体讨论记录"
    PENALTY_NOTICE = "notice", "行政处罚告知书"
    HEARING_NOTICE = "hnotice", "听证告知书"
    HEARING_RECORD = "hearing", "听证笔录"


@dataclass(frozen=True)
class DocumentSpec:
    kind: DocumentKind
    # Opens the number, e.g. 瑞安监管责改〔2026〕12号; staff may replace it (NumberingPrefix).
    default_prefix: str
    # What the inspector writes (the form shows these, besides the co-signer and the effect's check boxes).
    fields: tuple[str, ...]
    # The page that prints it on A4.
    template: str
    # Of `fields`, those the service insists on: "hazards", "deadline", "fine_amount".
    required: tuple[str, ...] = ()
    # A live document of one of these kinds must have been issued to the enterprise first.
    needs_earlier: tuple[DocumentKind, ...] = ()
    # Its effect on the enterprise: 责令暂时停产停业 (to 停产整顿) and 准予恢复生产经营 (back to operating).
    may_suspend: bool = False
    may_lift: bool = False
    # It belongs to a case of the same enterprise; `decides_case`: issuing it moves the case to 已决定.
    needs_case: bool = False
    decides_case: bool = False
    # What the case must have reached first, named for inspections.enforcement.payment_state.CASE_GATES:
    # "unpaid_after_appeal", "reminder_run_out", "executed".
    case_gate: str = ""
    # The case deadline (inspections.enforcement.deadlines) issuing it meets, e.g. "enforcement".
    meets_deadline: str = ""
    # Issuing it closes the case (已执行 → 已结案).
    closes_case: bool = False
    # The legal basis the form starts with; inspectors may change it per document.
    legal_basis: str = ""
    # What the printed page says when the document names no legal basis.
    printed_basis: str = ""
    # How the printed page names the enterprise.
    party_label: str = "当事单位"
    # Drafted, submitted and approved by the person in charge (DocumentDraft) before it is issued; never directly.
    needs_approval: bool = False
    # Issuing it moves a filed case to 已调查 (the investigation report).
    investigates_case: bool = False
    # Evidence (证据): the record may carry photos (EvidencePhoto).
    is_evidence: bool = False

    @property
    def title(self):
        return self.kind.label

    @property
    def form_fields(self):
        effect = ("suspends",) * self.may_suspend + ("lifts_suspension",) * self.may_lift
        return ("co_signer", *self.fields, *effect, *("photos",) * self.is_evidence)


def _spec(kind, prefix, fields, **rules):
    return DocumentSpec(kind, prefix, fields, f"inspections/documents/{kind.value}.html", **rules)


def _procedure_specs():
    """The documents of the penalty procedure between filing and decision (行政处罚法 第五十四条至第六十五条);
    the order between them is inspections.enforcement.procedure's."""
    case = {"needs_case": True}
    return [
        _spec(DocumentKind.INQUIRY_RECORD, "瑞安监管询", ("facts",), is_evidence=True, **case),
        _spec(DocumentKind.SITE_RECORD, "瑞安监管勘", ("facts",), is_evidence=True, **case),
        _spec(
            DocumentKind.INVESTIGATION_REPORT,
            "瑞安监管终",
            # The proposed penalty: it decides whether the case is major and whether the party may ask a hearing.
            ("facts", "legal_basis", "requirements", "fine_amount", "sanction"),
            needs_approval=True,
            investigates_case=True,
            **case,
        ),
        _spec(DocumentKind.LEGAL_REVIEW, "瑞安监管法审", ("facts", "requirements"), **case),
        _spec(
            DocumentKind.DISCUSSION_RECORD,
            "瑞安监管讨",
            ("facts", "requirements"),
            legal_basis="《中华人民共和国行政处罚法》第五十七条第二款",
            **case,
        ),
        _spec(
            DocumentKind.PENALTY_NOTICE,
            "瑞安监管告",
            ("facts", "legal_basis", "requirements", "fine_amount", "sanction"),
            legal_basis="《中华人民共和国行政处罚法》第四十四条、第六十三条",
            **case,
        ),
        _spec(
            DocumentKind.HEARING_NOTICE,
            "瑞安监管听告",
            ("requirements", "hearing_on"),
            legal_basis="《中华人民共和国行政处罚法》第六十四条",
            **case,
        ),
        _spec(DocumentKind.HEARING_RECORD, "瑞安监管听", ("facts", "requirements"), **case),
    ]


SPECS = {
    spec.kind: spec
    for spec in [
        _spec(DocumentKind.INSPECTION_RECORD, "瑞安监管检记", ("facts",), party_label="被检查单位"),
        _spec(
            DocumentKind.RECTIFICATION_ORDER,
            "瑞安监管责改",
            ("facts", "legal_basis", "requirements", "deadline", "hazards"),
            required=("hazards", "deadline"),
            legal_basis="《中华人民共和国安全生产法》第六十五条",
            printed_basis="《中华人民共和国安全生产法》第六十五条",
        ),
        _spec(
            DocumentKind.RECHECK_OPINION,
            "瑞安监管复查",
            # The hazards re-checked (optional: a re-check may answer a measures decision that lists none).
            ("facts", "requirements", "hazards"),
            # A re-check opinion answers an order or a measures decision for the same enterprise.
            needs_earlier=(DocumentKind.RECTIFICATION_ORDER, DocumentKind.MEASURES_DECISION),
            may_lift=True,
        ),
        _spec(
            DocumentKind.MEASURES_DECISION,
            "瑞安监管强措",
            ("facts", "legal_basis", "requirements"),
            may_suspend=True,
            may_lift=True,
            legal_basis="《中华人民共和国安全生产法》第六十五条第一款第（三）项",
            printed_basis="《中华人民共和国安全生产法》第六十五条",
        ),
        _spec(
            DocumentKind.CASE_FILING,
            "瑞安监管立",
            ("facts", "legal_basis"),
            needs_case=True,
            needs_approval=True,
            legal_basis="《安全生产违法行为行政处罚办法》第二十二条",
        ),
        _spec(
            DocumentKind.PENALTY_DECISION,
            "瑞安监管罚",
            ("facts", "legal_basis", "requirements", "fine_amount", "sanction"),
            required=("fine_amount",),
            needs_case=True,
            decides_case=True,
            needs_approval=True,
            legal_basis="《中华人民共和国安全生产法》第九十七条",
            printed_basis="《中华人民共和国安全生产法》",
        ),
        _spec(
            DocumentKind.PAYMENT_REMINDER,
            "瑞安监管催",
            ("facts", "legal_basis", "requirements"),
            needs_case=True,
            case_gate="unpaid_after_appeal",
            legal_basis="《中华人民共和国行政强制法》第五十四条",
            printed_basis="《中华人民共和国行政强制法》第五十四条",
        ),
        _spec(
            DocumentKind.ENFORCEMENT_APPLICATION,
            "瑞安监管执申",
            ("facts", "legal_basis", "requirements"),
            needs_case=True,
            case_gate="reminder_run_out",
            meets_deadline="enforcement",
            legal_basis="《中华人民共和国行政强制法》第五十三条、第五十四条",
            printed_basis="《中华人民共和国行政强制法》第五十三条",
            party_label="被申请人",
        ),
        _spec(
            DocumentKind.CASE_CLOSING,
            "瑞安监管结",
            ("facts",),
            needs_case=True,
            case_gate="executed",
            closes_case=True,
        ),
        *_procedure_specs(),
    ]
}


def titles_where(rule, joiner="或"):
    """The titles of the kinds a rule holds for, in the order of DocumentKind, for messages:
    titles_where(lambda s: s.may_lift) == "整改复查意见书或现场处理措施决定书"."""
    return joiner.join(spec.title for spec in SPECS.values() if rule(spec))
