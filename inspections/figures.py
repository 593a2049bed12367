"""The registry's figures (bureau.figures) about inspections, enforcement documents, cases and talks: the seed's
"数字轨迹", counted from records in the viewer's scope."""

from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from bureau.figures import AS_OF_TODAY, Figure, register
from enterprises.figures import enterprises_seen
from enterprises.models import Industry
from inspections.enforcement import deadline_watch
from inspections.enforcement.deadlines import open_deadlines
from inspections.enforcement.models import Document
from inspections.enforcement.money import ten_thousands
from inspections.enforcement.specs import DocumentKind
from inspections.inspection.models import Inspection
from inspections.permissions import visible_cases, visible_documents, visible_inspections, visible_talks


def per_inspection(through):
    """How many rows of an inspection's link table (inspectors, experts, hazards) point at it: a subquery per row,
    so a list needs no join that multiplies one link by another, and no GROUP BY over the whole set."""
    links = through.objects.filter(inspection=OuterRef("pk")).order_by().values("inspection")
    return Coalesce(Subquery(links.annotate(n=Count("pk")).values("n")), 0)


def inspections_seen(viewer, period):
    return visible_inspections(viewer)


def inspector_visits_seen(viewer, period):
    """One row per inspector per inspection (人次), of the inspections the viewer may see."""
    through = Inspection.inspectors.through
    return through.objects.filter(inspection__in=visible_inspections(viewer).values("pk"))


def expert_visits_seen(viewer, period):
    through = Inspection.experts.through
    return through.objects.filter(inspection__in=visible_inspections(viewer).values("pk"))


def documents_seen(viewer, period):
    return visible_documents(viewer)


def cases_seen(viewer, period):
    return visible_cases(viewer)


def deadlines_seen(viewer, period):
    """The open deadlines (案件期限) of the cases the viewer sees."""
    return open_deadlines(visible_cases(viewer))


def talks_seen(viewer, period):
    return visible_talks(viewer)


def _dated(field, period):
    return Q(**{f"{field}__range": (period.start, period.end)})


def _issued(period):
    """Current (not corrected) documents issued in the period."""
    return Q(issued_at__date__range=(period.start, period.end), superseded_by__isnull=True)


def _suspended(period):
    suspensions = Document.objects.filter(_issued(period), suspends=True, enterprise=OuterRef("pk"))
    return Q(Exists(suspensions))


def _talks_with(industry, label):
    return Figure(
        key=f"talks.{industry}",
        label=label,
        unit="次",
        basis=f"时段内与{Industry(industry).label}企业负责人的谈心谈话。",
        source=talks_seen,
        where=lambda period: _dated("date", period) & Q(enterprise__industry=industry),
        list_name="inspections:talks",
        list_params=lambda period: {**period.params(), "industry": industry},
    )


def register_figures():
    register(
        Figure(
            key="inspections.visits",
            label="检查生产经营单位",
            unit="家次",
            basis="检查日期在时段内的监督检查，每次检查计一家次。",
            source=inspections_seen,
            where=lambda period: _dated("date", period),
            list_name="inspections:list",
            list_params=lambda period: period.params(),
        ),
        Figure(
            key="inspections.inspector_visits",
            label="出动执法人员",
            unit="人次",
            basis="时段内每次检查的每名执法人员计一人次。",
            source=inspector_visits_seen,
            where=lambda period: _dated("inspection__date", period),
            list_name="inspections:inspector_visits",
            list_params=lambda period: period.params(),
        ),
        Figure(
            key="inspections.expert_visits",
            label="专家参与检查和评审",
            unit="人次",
            basis="时段内每次检查邀请的每名专家计一人次。",
            source=expert_visits_seen,
            where=lambda period: _dated("inspection__date", period),
            list_name="inspections:expert_visits",
            list_params=lambda period: period.params(),
        ),
        Figure(
            key="documents.suspended_enterprises",
            label="责令暂时停产停业",
            unit="家",
            basis="时段内签发了责令暂时停产停业文书（未被更正）的企业，每家计一次。",
            source=enterprises_seen,
            where=_suspended,
            list_name="documents:suspensions",
            list_params=lambda period: period.params("issued_after", "issued_before"),
        ),
        Figure(
            key="cases.opened",
            label="立案处罚",
            unit="起",
            basis="立案日期在时段内的行政处罚案件。",
            source=cases_seen,
            where=lambda period: _dated("opened_on", period),
            list_name="cases:list",
            list_params=lambda period: period.params("opened_after", "opened_before"),
        ),
        Figure(
            key="documents.fines",
            label="处罚金额",
            unit="万元",
            basis="时段内签发（未被更正）的行政处罚决定书的罚款金额合计。",
            source=documents_seen,
            where=lambda period: _issued(period) & Q(kind=DocumentKind.PENALTY_DECISION),
            list_name="documents:fines",
            list_params=lambda period: period.params("issued_after", "issued_before"),
            sum_of="fine_amount",
            show=ten_thousands,
        ),
        Figure(
            key="cases.deadlines_overdue",
            label="案件期限已超期",
            unit="项",
            basis="截至今日已过届满日、仍未完成的案件期限（陈述申辩、听证、决定、送达、缴纳罚款等）。",
            source=deadlines_seen,
            where=lambda period: deadline_watch.overdue(timezone.localdate()),
            list_name="cases:deadlines",
            list_params=lambda period: {"state": "overdue"},
            span=AS_OF_TODAY,
        ),
        Figure(
            key="cases.deadlines_due_soon",
            label="案件期限即将到期",
            unit="项",
            basis=f"今日起{deadline_watch.SOON_WORKING_DAYS}个工作日内（含今日）届满、仍未完成的案件期限，工作日按节假日安排计算。",
            source=deadlines_seen,
            where=lambda period: deadline_watch.due_soon(timezone.localdate()),
            list_name="cases:deadlines",
            list_params=lambda period: {"state": "soon"},
            span=AS_OF_TODAY,
        ),
        _talks_with(Industry.NON_COAL_MINE, "与非煤矿山企业矿长谈心谈话"),
        _talks_with(Industry.CHEMICALS, "与危化品企业负责人谈心谈话"),
    )
