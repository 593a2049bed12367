"""Bulk enforcement volume for the larger demo scales: a year of inspections over the whole registry.

The seed's story (bureau.demo.inspections: 521 visits, the tank-area campaign, …) stays as it is; this adds the year's
other visits around it, with what they lead to: hazards found on the spot with their timelines, rectification
orders listing them, re-check opinions once they are closed, a few suspensions and penalty cases, more experts
and talks. Numbers of documents run per kind and year without gaps, and the sequences are left where the
portal's own numbering continues.

Rows go in with bureau.bulk (COPY on PostgreSQL): ids are reserved up front, nothing is read back, and no audit
history is written, which is acceptable for generated demo data.
"""

import random
from collections import defaultdict
from datetime import timedelta
from itertools import accumulate

from django.contrib.auth import get_user_model
from django.utils import timezone

from bureau.accounts.models import Profile
from bureau.accounts.services import ensure_role_groups
from bureau.bulk import analyze, insert_rows, reserve_ids
from bureau.demo.dating import at
from bureau.demo.hazards import HAZARD_COLUMNS, LOCATIONS, PLAN, VERSIONS, rectified_and_closed, timeline
from bureau.roles import Role
from enterprises.models import Enterprise, EnterpriseStatus, RiskGrade
from hazards.models import SUBCATEGORIES, Category, Hazard, HazardEvent, HazardLevel, HazardOrigin, HazardStatus
from inspections.enforcement.models import Case, CaseAction, CaseEvent, Document, DocumentSequence, NumberingPrefix
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection, InspectionKind
from inspections.registers.models import Expert, Talk

# How much more often an enterprise of each grade is visited (差别化监督检查).
VISIT_WEIGHT = {RiskGrade.RED: 4, RiskGrade.YELLOW: 3, RiskGrade.BLUE: 1.5, RiskGrade.GREEN: 1, "": 1.5}
KINDS = [InspectionKind.ROUTINE] * 6 + [InspectionKind.RANDOM] * 2 + [InspectionKind.RECHECK, InspectionKind.COMPLAINT]
FINDING_SHARE = 0.3
CASE_SHARE = 0.03
FINDINGS = ["消防器材过期", "安全警示标志缺失", "动火作业未审批", "防护栏缺失", "粉尘清扫不及时", "应急照明损坏"]
SPECIALTIES = ["危险化学品", "机械安全", "电气安全", "粉尘防爆", "消防安全", "有限空间", "职业卫生", "特种设备"]
ORGANIZATIONS = ["温州市安全生产协会", "浙江省安全生产科学研究院", "瑞安市应急管理服务中心", "温州大学"]
NAMES = "陈林黄张王李吴郑周徐胡蔡潘金薛叶朱"
GIVEN = "建国志强海燕丽华国平晓东伟明秀英文杰春雷"


def _aware(day, hour, now):
    return min(at(day, hour), now)


def _volume_inspectors(count, rng):
    """Enforcement inspectors for the volume (zf001…), after the demo's own inspectors in username order."""
    User = get_user_model()
    group = ensure_role_groups()[Role.INSPECTOR]
    hashed = User.objects.filter(username="inspector").values_list("password", flat=True).first() or "!"
    users = [
        User(
            username=f"zf{n:03d}", first_name=rng.choice(NAMES) + rng.choice(GIVEN) + rng.choice(GIVEN), password=hashed
        )
        for n in range(1, count + 1)
    ]
    User.objects.bulk_create(users)
    users = list(User.objects.filter(username__in=[u.username for u in users]).order_by("username"))
    User.groups.through.objects.bulk_create(User.groups.through(user_id=u.pk, group_id=group.pk) for u in users)
    Profile.objects.bulk_create(Profile(user=u) for u in users)
    return [u.pk for u in users]


def _experts(count, rng):
    experts = [
        Expert(
            name=rng.choice(NAMES) + rng.choice(GIVEN) + rng.choice(GIVEN),
            specialty=rng.choice(SPECIALTIES),
            organization=rng.choice(ORGANIZATIONS),
        )
        for _ in range(count)
    ]
    Expert.objects.bulk_create(experts)
    return list(Expert.objects.order_by("pk").values_list("pk", flat=True))


def _hazard_status(rng, deadline, today):
    """Older findings are mostly closed; a few are past their deadline and still open (逾期)."""
    if deadline < today - timedelta(days=10):
        return rng.choices([HazardStatus.CLOSED, HazardStatus.RECTIFIED, HazardStatus.RECTIFYING], weights=[85, 8, 7])[
            0
        ]
    return rng.choices([HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.RECTIFIED], weights=[20, 60, 20])[
        0
    ]


class _Numbers:
    """Document numbers per kind and year, in the order of issue, continuing the sequences already there."""

    def __init__(self):
        self.last = {(s.kind, s.year): s.last_number for s in DocumentSequence.objects.all()}
        self.prefix = {kind: NumberingPrefix.for_kind(kind) for kind in DocumentKind}

    def take(self, kind, year):
        number = self.last.get((kind, year), 0) + 1
        self.last[kind, year] = number
        return number, f"{self.prefix[kind]}〔{year}〕{number}号"

    def save(self):
        existing = {(s.kind, s.year): s for s in DocumentSequence.objects.all()}
        for (kind, year), number in self.last.items():
            if (kind, year) in existing:
                DocumentSequence.objects.filter(pk=existing[kind, year].pk).update(last_number=number)
            else:
                DocumentSequence.objects.create(kind=kind, year=year, last_number=number)


def seed_inspection_volume(*, count, seed, today=None, experts=0, talks=0):
    """`count` enterprise-visits over the last year, in bulk; skipped when there are inspections already."""
    if count <= 0 or Inspection.objects.exists():
        return 0
    rng = random.Random(seed * 7 + 1)
    today = today or timezone.localdate()
    now = timezone.now()
    inspectors = _volume_inspectors(max(4, count // 1000), rng)
    expert_ids = _experts(experts, rng)
    registry = list(
        Enterprise.objects.operating().order_by("pk").values_list("pk", "grade", "industry", "legal_representative")
    )
    cum_weights = list(accumulate(VISIT_WEIGHT.get(grade, 1) for _, grade, _, _ in registry))
    visited = rng.choices(registry, cum_weights=cum_weights, k=count)

    first_inspection = reserve_ids(Inspection, count)
    inspections, inspector_links, expert_links = [], [], []
    findings = []  # (inspection id, enterprise id, date, lead inspector, second inspector)
    for n, (enterprise_id, *_) in enumerate(visited):
        pk = first_inspection + n
        day = today - timedelta(days=rng.randint(0, 364))
        lead = rng.randrange(len(inspectors))
        second = (lead + 1 + rng.randrange(len(inspectors) - 1)) % len(inspectors)
        inspections.append((pk, enterprise_id, day, rng.choice(KINDS), "按年度监管执法计划开展检查", inspectors[lead]))
        inspector_links += [(pk, inspectors[lead]), (pk, inspectors[second])]
        if expert_ids and rng.random() < 0.05:
            expert_links.append((pk, rng.choice(expert_ids)))
        if rng.random() < FINDING_SHARE:
            findings.append((pk, enterprise_id, day, inspectors[lead], inspectors[second]))
    columns = ["id", "enterprise_id", "date", "kind", "summary", "created_by_id"]
    insert_rows(Inspection, columns, inspections)
    insert_rows(Inspection.inspectors.through, ["inspection_id", "user_id"], inspector_links)
    insert_rows(Inspection.experts.through, ["inspection_id", "expert_id"], expert_links)

    _findings_and_documents(rng, findings, today, now)
    _talks(rng, talks, registry, inspectors, today)
    analyze(Inspection, Inspection.inspectors.through, Hazard, HazardEvent, Document, Document.hazards.through)
    return count


def _findings_and_documents(rng, findings, today, now):
    per_visit = [rng.choice([1, 1, 2, 2, 3]) for _ in findings]
    first_hazard = reserve_ids(Hazard, sum(per_visit))
    hazards, events, found_links = [], [], []
    found = defaultdict(list)  # inspection id → [(hazard id, status, major, closed_at)]
    hazard_id = first_hazard
    for (inspection_id, enterprise_id, day, lead, _), how_many in zip(findings, per_visit, strict=True):
        for _ in range(how_many):
            row, status, major, closed_at = _found_hazard(rng, hazard_id, enterprise_id, day, lead, events, today, now)
            hazards.append(row)
            found_links.append((inspection_id, hazard_id))
            found[inspection_id].append((hazard_id, status, major, closed_at))
            hazard_id += 1
    insert_rows(Hazard, HAZARD_COLUMNS, hazards)
    insert_rows(HazardEvent, ["hazard_id", "action", "from_status", "to_status", "actor_id", "at"], events)
    insert_rows(Inspection.hazards.through, ["inspection_id", "hazard_id"], found_links)
    _documents(rng, findings, found, today, now)


def _found_hazard(rng, hazard_id, enterprise_id, day, lead, events, today, now):
    """A hazard found on a visit: (row, status, major, closed_at); its events go to `events`."""
    category = rng.choice(list(Category))
    major = rng.random() < 0.03
    deadline = day + timedelta(days=rng.choice([15, 30]) * (3 if major else 1))
    status = _hazard_status(rng, deadline, today)
    rectified_on, closed_at = rectified_and_closed(status, day, deadline, today)
    reported_at, rows = timeline(
        hazard_id=hazard_id,
        status=status,
        found=day,
        rectified_on=rectified_on,
        closed_at=closed_at,
        actor_id=lead,
        now=now,
    )
    events += rows
    plan = PLAN.values() if major else [""] * len(PLAN)
    row = (
        hazard_id,
        enterprise_id,
        HazardOrigin.INSPECTION,
        day,
        rng.choice(LOCATIONS),
        rng.choice(FINDINGS),
        category,
        rng.choice(SUBCATEGORIES[category]),
        HazardLevel.MAJOR if major else HazardLevel.GENERAL,
        deadline,
        "企业安全负责人",
        "按执法文书要求落实整改",
        None,
        *plan,
        "partial" if major else "none",
        status,
        VERSIONS[status],
        lead,
        reported_at,
        rectified_on,
        closed_at,
    )
    return row, status, major, closed_at


def _documents(rng, findings, found, today, now):
    """An order for every visit that found hazards; a re-check once all are closed; a suspension for a major one;
    now and then a penalty case. Numbered in the order of issue."""
    issued = []  # (issued_at, kind, fields, hazard ids)
    cases, case_events = [], []
    suspended = set()
    penalised = [rng.random() < CASE_SHARE for _ in findings]
    case_id = reserve_ids(Case, sum(penalised))
    for (inspection_id, enterprise_id, day, lead, second), penalty_case in zip(findings, penalised, strict=True):
        signed = {"enterprise_id": enterprise_id, "issued_by_id": lead, "co_signer_id": second}
        issued += _visit_documents(found[inspection_id], signed, inspection_id, day, now, suspended)
        if penalty_case:
            case, events, documents = _penalty_case(rng, case_id, signed, day, today, now)
            cases.append(case)
            case_events += events
            issued += documents
            case_id += 1
    insert_rows(Case, ["id", "enterprise_id", "title", "status", "opened_on", "created_by_id"], cases)
    insert_rows(CaseEvent, ["case_id", "action", "from_status", "to_status", "actor_id", "at"], case_events)
    _insert_documents(issued)
    Enterprise.objects.filter(pk__in=suspended).update(status=EnterpriseStatus.SUSPENDED)


def _visit_documents(listed, signed, inspection_id, day, now, suspended):
    """The order for a visit's hazards (`listed`), its re-check opinion once all are closed, and a suspension for
    the enterprise's first major hazard (`suspended` holds the enterprises suspended so far)."""
    deadline = day + timedelta(days=30)
    order = {
        **signed,
        "inspection_id": inspection_id,
        "deadline": deadline,
        "requirements": "限期整改，逾期未改的依法处理。",
    }
    issued = [(_aware(day, 10, now), DocumentKind.RECTIFICATION_ORDER, order, [h for h, *_ in listed])]
    if all(status == HazardStatus.CLOSED for _, status, _, _ in listed):
        closed = max(closed_at for *_, closed_at in listed)
        recheck = {**signed, "inspection_id": inspection_id, "facts": "经复查，所列隐患已整改完毕。"}
        issued.append((min(closed, now), DocumentKind.RECHECK_OPINION, recheck, []))
    enterprise_id = signed["enterprise_id"]
    if any(major for _, _, major, _ in listed) and enterprise_id not in suspended:
        suspended.add(enterprise_id)
        measures = {**signed, "inspection_id": inspection_id, "suspends": True, "facts": "存在重大事故隐患"}
        issued.append((_aware(day, 11, now), DocumentKind.MEASURES_DECISION, measures, []))
    return issued


def _penalty_case(rng, case_id, signed, day, today, now):
    """A penalty case opened after a visit, decided and, when old enough, executed and closed:
    (case row, case events, its documents to issue)."""
    enterprise_id, lead = signed["enterprise_id"], signed["issued_by_id"]
    opened = min(day + timedelta(days=5), today)
    decided = min(opened + timedelta(days=15), today)
    done = decided + timedelta(days=30) <= today
    status = Case.Status.CLOSED if done else Case.Status.DECIDED
    case = (case_id, enterprise_id, "未按规定排查治理事故隐患案", status, opened, lead)
    steps = [
        (CaseAction.FILE, "", Case.Status.FILED, opened),
        (CaseAction.INVESTIGATE, Case.Status.FILED, Case.Status.INVESTIGATED, opened),
    ]
    steps.append((CaseAction.DECIDE, Case.Status.INVESTIGATED, Case.Status.DECIDED, decided))
    if done:
        steps.append((CaseAction.EXECUTE, Case.Status.DECIDED, Case.Status.EXECUTED, decided + timedelta(days=20)))
        steps.append((CaseAction.CLOSE, Case.Status.EXECUTED, Case.Status.CLOSED, decided + timedelta(days=30)))
    events = [(case_id, a, f, t, lead, _aware(d, 14, now)) for a, f, t, d in steps]
    basis = "《中华人民共和国安全生产法》第一百零二条"
    filing = {**signed, "case_id": case_id, "facts": "未及时消除事故隐患", "legal_basis": basis}
    fine = rng.choice([10000, 20000, 30000, 50000])
    penalty = {**filing, "fine_amount": fine}
    documents = [
        (_aware(opened, 9, now), DocumentKind.CASE_FILING, filing, []),
        (_aware(decided, 9, now), DocumentKind.PENALTY_DECISION, penalty, []),
    ]
    return case, events, documents


def _insert_documents(issued):
    """Number and insert the documents in the order of issue, with their hazard links."""
    issued.sort(key=lambda document: document[0])
    numbers = _Numbers()
    first_document = reserve_ids(Document, len(issued))
    fields = [
        "enterprise_id",
        "issued_by_id",
        "co_signer_id",
        "inspection_id",
        "case_id",
        "deadline",
        "requirements",
        "facts",
        "legal_basis",
        "suspends",
        "fine_amount",
    ]
    defaults = {"inspection_id": None, "case_id": None, "deadline": None, "suspends": False, "fine_amount": None}
    rows, hazard_links = [], []
    for n, (issued_at, kind, values, hazard_ids) in enumerate(issued):
        year = timezone.localtime(issued_at).year
        sequence, number = numbers.take(kind, year)
        values = {**defaults, "requirements": "", "facts": "", "legal_basis": "", **values}
        rows.append((first_document + n, kind, number, year, sequence, issued_at, *(values[f] for f in fields)))
        hazard_links += [(first_document + n, hazard) for hazard in hazard_ids]
    insert_rows(Document, ["id", "kind", "number", "year", "sequence", "issued_at", *fields], rows)
    insert_rows(Document.hazards.through, ["document_id", "hazard_id"], hazard_links)
    numbers.save()


def _talks(rng, count, registry, inspectors, today):
    """谈心谈话 with heads of red and yellow enterprises over the year."""
    heads = [row for row in registry if row[1] in (RiskGrade.RED, RiskGrade.YELLOW)] or registry
    first = reserve_ids(Talk, count)
    rows, links = [], []
    for n in range(count):
        enterprise_id, _, _, head = rng.choice(heads)
        day = today - timedelta(days=rng.randint(0, 364))
        lead, second = rng.sample(inspectors, 2)
        topics = "交流安全生产工作心得，强调安全投入、基础管理、员工培训、应急演练四个到位。"
        rows.append((first + n, enterprise_id, head or "负责人", "主要负责人", day, topics, "一个月内回访", lead))
        links += [(first + n, lead), (first + n, second)]
    columns = ["id", "enterprise_id", "head_name", "head_title", "date", "topics", "follow_up", "created_by_id"]
    insert_rows(Talk, columns, rows)
    insert_rows(Talk.interviewers.through, ["talk_id", "user_id"], links)
