"""Demo accidents beyond the assessment's: two accidents of the quarter before the ranked ones, investigated and
approved, carrying the seed's follow-ups (6 people referred for criminal liability, 14 disciplined, 16
accountability bulletins, dated this year so the dashboard's default period shows them all) and an administrative
penalty tied to a demo case of the first accident's enterprise; and an accident of ent_a's ten days ago under
investigation, its report due in 60 days. None falls in a ranked quarter, so the rankings the assessment's step
computed do not change.

Idempotent: each part is skipped when its records are already there.
"""

from datetime import date, timedelta

from django.contrib.auth import get_user_model

from bureau.demo.assessment import RANKED_QUARTERS
from bureau.demo.dating import at
from bureau.quarters import Quarter
from enterprises.models import Enterprise
from inspections.accidents.models import Accident, AccidentKind, Accountability
from inspections.accidents.services import (
    accident_report,
    accountability_record,
    investigation_approve,
    investigation_save,
    investigation_submit,
)
from inspections.enforcement.models import Case

Kind = Accountability.Kind
# (kind, people per record): 6 people referred for criminal liability, 14 disciplined, 16 bulletins.
ACCOUNTABILITY = [
    (Kind.CRIMINAL, [2, 1, 3]),
    (Kind.DISCIPLINE, [3, 4, 2, 5]),
    (Kind.BULLETIN, [1] * 16),
]
SUMMARIES = {
    Kind.CRIMINAL: "生产安全事故责任人涉嫌重大责任事故罪，依法移送司法机关追究刑事责任。",
    Kind.DISCIPLINE: "对事故负有监管责任的相关人员，移送纪检监察机关追究党政纪责任。",
    Kind.BULLETIN: "对履职不到位的行政人员进行追责问责，并在全市通报。",
}
FINDINGS = {
    "cause": "作业前未进行气体检测、未落实通风措施，作业人员未佩戴呼吸防护用品；企业未制定有限空间作业审批制度。",
    "responsibility": "企业主要负责人未履行安全生产管理职责，对事故发生负有主要责任；"
    "现场负责人违章指挥，负有直接责任。",
    "proposed_handling": "建议对企业依法给予行政处罚；对涉嫌犯罪的责任人员移送司法机关；对监管人员追究党政纪责任。",
}


def _before_the_ranked_quarters(today):
    """The quarter before the first one the assessment's step ranks: accidents there change no demo ranking."""
    quarter = Quarter.containing(today).previous()  # the last ended one, left unranked
    for _ in range(RANKED_QUARTERS + 1):
        quarter = quarter.previous()
    return quarter


def _approved_accidents(today, staff, inspector):
    quarter = _before_the_ranked_quarters(today)
    made = Accident.objects.filter(date__range=(quarter.start, quarter.end)).order_by("date")
    if made.exists():
        return list(made)
    case = Case.objects.order_by("pk").first()
    operating = Enterprise.objects.operating().order_by("pk")
    first = case.enterprise if case else operating.first()
    second = operating.exclude(pk=first.pk).last()
    made = []
    for enterprise, day, hour, kind, deaths, serious, loss, summary in [
        (first, quarter.start + timedelta(days=11), 10, AccidentKind.POISONING, 3, 1, 420,
         "三名员工进入反应釜检修时中毒窒息，3人死亡、1人重伤。"),
        (second, quarter.start + timedelta(days=48), 15, AccidentKind.FALL, 1, 0, 160,
         "员工在厂房屋面作业时未系安全带，从高处坠落，1人死亡。"),
    ]:  # fmt: skip
        accident = accident_report(
            enterprise=enterprise, occurred_at=at(day, hour), place=f"{enterprise.name}生产车间", kind=kind,
            deaths=deaths, serious_injuries=serious, direct_loss=loss, summary=summary,
            reported_at=at(day, hour, 35), reported_by="企业主要负责人", actor=inspector,
        )  # fmt: skip
        investigation = investigation_save(
            accident=accident, actor=inspector, leader="市应急管理局副局长", members="应急、公安、总工会、镇街人员",
            **FINDINGS,
        )  # fmt: skip
        investigation_submit(investigation=investigation, actor=inspector)
        investigation_approve(investigation=investigation, actor=staff, note="同意调查组意见。")
        made.append(accident)
    return made


def _follow_ups(today, accidents, staff):
    """Spread over this year up to today, so the dashboard's default period (this year so far) shows them all."""
    if Accountability.objects.filter(date__year=today.year).exists() or not accidents:
        return
    records = [(kind, people) for kind, counts in ACCOUNTABILITY for people in counts]
    span = (today - date(today.year, 1, 1)).days
    for n, (kind, people) in enumerate(records):
        day = date(today.year, 1, 1) + timedelta(days=span * n // len(records))
        # The newest referral and discipline are still being handled; the rest are done.
        handling = n in (2, 6)
        accountability_record(
            accident=accidents[n % len(accidents)],
            date=day,
            kind=kind,
            person_count=people,
            summary=SUMMARIES[kind],
            status=Accountability.Status.IN_PROGRESS if handling else Accountability.Status.DONE,
            started_on=day if handling else None,
            done_on=None if handling else day,
            actor=staff,
        )
    case = Case.objects.filter(enterprise=accidents[0].enterprise).order_by("pk").first()
    if case is not None:
        accountability_record(
            accident=accidents[0],
            date=today - timedelta(days=20),
            kind=Kind.PENALTY,
            subject=accidents[0].enterprise.name,
            person_count=1,
            case=case,
            summary="事故调查报告批复后，依法对事故单位立案处罚。",
            status=Accountability.Status.IN_PROGRESS,
            started_on=today - timedelta(days=20),
            actor=staff,
        )


def _under_investigation(today, inspector):
    day = today - timedelta(days=10)
    if Accident.objects.filter(date=day).exists():
        return
    # ent_a's own enterprise, in grid_a's cell: the enterprise user and the grid officer see it too.
    enterprise = Enterprise.objects.filter(memberships__user__username="ent_a").first()
    accident = accident_report(
        enterprise=enterprise, occurred_at=at(day, 8, 20), place="仓库装卸区", kind=AccidentKind.LIFTING,
        serious_injuries=1, injuries=1, direct_loss=35, summary="行车吊运钢卷时吊具脱落，1人重伤、1人轻伤。",
        reported_at=at(day, 8, 50), reported_by="企业安全员", actor=inspector,
    )  # fmt: skip
    investigation_save(accident=accident, actor=inspector, leader="执法支队队长", members="执法人员二名、技术专家一名")


def seed_accidents(*, today):
    users = get_user_model().objects
    staff, inspector = users.get(username="staff"), users.get(username="inspector")
    accidents = _approved_accidents(today, staff, inspector)
    _follow_ups(today, accidents, staff)
    _under_investigation(today, inspector)
