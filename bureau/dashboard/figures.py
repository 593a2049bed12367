"""Figures for the home page, counted from records in the user's scope."""

from decimal import Decimal
from functools import partial

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from bureau.roles import Role, is_bureau, role_of
from enterprises.due import due_filter
from enterprises.models import Enterprise, EnterpriseStatus, MajorHazardSource, ServiceMode
from enterprises.permissions import visible_enterprises
from grids.models import GridCell
from hazards.models import SelfCheck, overdue_q
from hazards.permissions import visible_hazards
from inspections.accidents.models import Accountability
from inspections.campaigns.models import Campaign, CampaignTarget
from inspections.campaigns.progress import campaigns_with_progress, target_visited
from inspections.figures import enforcement_figures


def home_figures(user):
    today = timezone.localdate()
    # Two counts per scan: the enterprises with those due, the open hazards with those overdue (open and past the
    # deadline, as Hazard.objects.overdue() has it).
    enterprises = visible_enterprises(user).aggregate(total=Count("pk"), due=Count("pk", filter=due_filter(today)))
    # Counted by status (never null, so as many as rows), not id: with only the columns of the (status,
    # rectification_deadline) index in the query, PostgreSQL counts the city's hazards from the index alone.
    hazards = (
        visible_hazards(user).open().aggregate(open=Count("status"), overdue=Count("status", filter=overdue_q(today)))
    )
    figures = [
        {"label": "生产经营单位", "value": enterprises["total"], "unit": "家", "url": "enterprises:list"},
        {"label": "未销号隐患", "value": hazards["open"], "unit": "项", "url": "hazards:list"},
        {"label": "逾期隐患", "value": hazards["overdue"], "unit": "项", "url": "hazards:list", "query": "overdue=1"},
        {"label": "待检企业", "value": enterprises["due"], "unit": "家", "url": "enterprises:due"},
    ]
    if is_bureau(user):
        figures.append({"label": "网格总数", "value": GridCell.objects.count(), "unit": "个", "url": "grids:tree"})
    return figures


def officer_watch_list(user, days=7):
    """A grid officer's chase list: overdue hazards, then those due within `days`, in their cells."""
    if role_of(user) != Role.GRID_OFFICER:
        return None
    today = timezone.localdate()
    hazards = visible_hazards(user).select_related("enterprise")
    return {
        "overdue": hazards.overdue(today).order_by("rectification_deadline")[:20],
        "due_soon": hazards.due_within(days, today).order_by("rectification_deadline")[:20],
        "days": days,
    }


# The seed's "数字轨迹", live for a period -------------------------------------------------------------------------


def _link(name, **params):
    url = reverse(name)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return f"{url}?{urlencode(params)}" if params else url


def _figure(label, value, unit, url):
    return {"label": label, "value": value, "unit": unit, "url": url}


def _ten_thousands(amount):
    """Yuan shown in 万元 as the seed writes it: 50000 → "5", 12500 → "1.25"."""
    value = (Decimal(amount or 0) / 10000).normalize()
    return f"{value:f}"


def _registry_counts(start, end):
    """Counted as the registry list counts them (whatever the status), so each figure matches the list it links to;
    the registry itself is the enterprises not closed. With them, in the same scan: the major hazard source units
    (by the state of their control systems) and the enterprises that filed a self-check for a month of the period.
    """
    control = MajorHazardSource.ControlSystem
    sources = MajorHazardSource.objects.filter(enterprise=OuterRef("pk"))
    # The months of the period on the columns themselves, so the (enterprise, year, month) index answers.
    in_period = (Q(year__gt=start.year) | Q(year=start.year, month__gte=start.month)) & (
        Q(year__lt=end.year) | Q(year=end.year, month__lte=end.month)
    )
    self_checked = SelfCheck.objects.filter(in_period, enterprise=OuterRef("pk"))
    return Enterprise.objects.aggregate(
        registry=Count("pk", filter=~Q(status=EnterpriseStatus.CLOSED)),
        key_supervision=Count("pk", filter=Q(key_supervision=True)),
        alliance=Count("pk", filter=Q(service_mode=ServiceMode.ALLIANCE)),
        agency=Count("pk", filter=Q(service_mode=ServiceMode.AGENCY)),
        source_units=Count("pk", filter=Q(Exists(sources))),
        sources_accepted=Count("pk", filter=Q(Exists(sources.filter(control_system=control.ACCEPTED)))),
        sources_installing=Count("pk", filter=Q(Exists(sources.filter(control_system=control.INSTALLING)))),
        self_checking=Count("pk", filter=Q(Exists(self_checked))),
    )


def _campaigns(start, end):
    """Campaigns in force during the period with their targets surveyed, inspected and completed: one query."""
    surveyed = (
        CampaignTarget.objects.filter(campaign=OuterRef("pk"))
        .filter(target_visited() | Q(surveyed_on__isnull=False))
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    in_force = Campaign.objects.filter(start_date__lte=end, end_date__gte=start)
    return list(campaigns_with_progress(in_force).annotate(surveyed_count=Coalesce(Subquery(surveyed), 0)))


def _accountability(start, end):
    kinds = Accountability.Kind
    return Accountability.objects.filter(date__range=(start, end)).aggregate(
        criminal=Sum("person_count", filter=Q(kind=kinds.CRIMINAL), default=0),
        discipline=Sum("person_count", filter=Q(kind=kinds.DISCIPLINE), default=0),
        bulletins=Count("pk", filter=Q(kind=kinds.BULLETIN)),
    )


def trail_figures(start, end):
    """The "数字轨迹" panels for inspections and records dated from `start` to `end`, each figure with the list it
    counts. A fixed number of queries, whatever the number of records or campaigns."""
    enforcement = enforcement_figures(start, end)
    registry = _registry_counts(start, end)
    accountability = _accountability(start, end)
    period = {"date_after": start.isoformat(), "date_before": end.isoformat()}
    found = {"source": "inspection", "found_after": start.isoformat(), "found_before": end.isoformat()}
    inspections_url = _link("inspections:list", **period)
    sources_url = _link("enterprises:list", major_source=1)
    accountability_url = partial(_link, "rankings:accountability_list", start=start.isoformat(), end=end.isoformat())
    talks_url = _link("inspections:talks")
    return {
        "enforcement": [
            _figure("检查生产经营单位", enforcement["visits"], "家次", inspections_url),
            _figure("出动执法人员", enforcement["inspector_visits"], "人次", inspections_url),
            _figure("查处各类隐患", enforcement["hazards_found"], "项", _link("hazards:list", **found)),
            _figure("已完成整改", enforcement["hazards_rectified"], "项", _link("hazards:list", **found)),
            _figure(
                "责令暂时停产停业",
                enforcement["suspended_enterprises"],
                "家",
                _link("enterprises:list", status=EnterpriseStatus.SUSPENDED),
            ),
            _figure("立案处罚", enforcement["penalty_cases"], "起", _link("cases:list")),
            _figure("处罚金额", _ten_thousands(enforcement["fines"]), "万元", _link("cases:list")),
        ],
        "registry": [
            _figure(
                "重点监管企业“一企一档”",
                registry["key_supervision"],
                "家",
                _link("enterprises:list", key_supervision=1),
            ),
            _figure("重大危险源单位", registry["source_units"], "家", sources_url),
            _figure("自动化控制系统已验收", registry["sources_accepted"], "家", sources_url),
            _figure("自动化控制系统安装中", registry["sources_installing"], "家", sources_url),
            _figure(
                "自主开展隐患自查自报自改",
                registry["self_checking"],
                f"家（在册 {registry['registry']} 家）",
                _link("self_checks:list", year=end.year, month=end.month),
            ),
            _figure("参加行业互助联盟", registry["alliance"], "家", _link("enterprises:list", service_mode="alliance")),
            _figure("委托外包服务", registry["agency"], "家", _link("enterprises:list", service_mode="agency")),
        ],
        "experts": [
            _figure("专家参与检查和评审", enforcement["expert_visits"], "人次", _link("inspections:experts")),
            _figure("与非煤矿山企业矿长谈心谈话", enforcement["talks_mine_heads"], "次", talks_url),
            _figure("与危化品企业负责人谈心谈话", enforcement["talks_chemical_heads"], "次", talks_url),
        ],
        "campaigns": _campaigns(start, end),
        "accountability": [
            _figure("移送追究刑事责任", accountability["criminal"], "人", accountability_url(kind="criminal")),
            _figure("追究党政纪责任", accountability["discipline"], "人", accountability_url(kind="discipline")),
            _figure("追责问责情况通报", accountability["bulletins"], "次", accountability_url(kind="bulletin")),
        ],
    }
