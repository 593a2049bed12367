"""Quarterly rankings (季度排名): the quarters and their state, one quarter's table with its evidence, computing."""

from decimal import Decimal

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from bureau.assessment.bulletins import bulletin_draft, quarter_bulletins, ranking_for_page
from bureau.assessment.charts import bar_chart, sparkline
from bureau.assessment.models import PreDeduction, Ranking, RankingRow, RankingRun, Restoration
from bureau.assessment.permissions import (
    OUTSIDE_ENTERPRISE,
    can_manage_assessment,
    can_see_rankings,
    enterprises_detailed,
    visible_bulletins,
)
from bureau.assessment.services import ranking_request
from bureau.assessment.tables import ranking_rows
from bureau.flash import flash_write
from bureau.quarters import Quarter
from bureau.roles import require
from inspections.accidents.models import Accident
from inspections.accidents.permissions import can_record_accidents

LISTED_ENDED_QUARTERS = 8
TREND_QUARTERS = 4


def quarter_state(quarter, ranking, run, today):
    """What a quarter's ranking is doing: running (with progress), failed (with the message), ranked, or not yet.

    A failure older than the ranking on show is history, not state."""
    if run is not None and run.is_active:
        return {"kind": "running", "progress": run.progress, "run": run}
    failed = run is not None and run.status == RankingRun.Status.FAILED
    if failed and (ranking is None or (run.finished_at or run.requested_at) > ranking.computed_at):
        return {"kind": "failed", "message": run.message, "run": run, "ranking": ranking}
    if ranking is not None:
        return {"kind": "ranked", "computed_at": ranking.computed_at}
    if quarter.end >= today:
        return {"kind": "open"}
    return {"kind": "none"}


def _latest_runs(quarters):
    """{(year, quarter): the latest run} for the quarters, in one query."""
    if not quarters:
        return {}
    wanted = Q()
    for quarter in quarters:
        wanted |= Q(year=quarter.year, quarter=quarter.number)
    latest = {}
    for run in RankingRun.objects.filter(wanted).order_by("-requested_at", "-id"):
        latest.setdefault((run.year, run.quarter), run)
    return latest


def ranking_list(request):
    require(can_see_rankings(request.user), "查看考核排名")
    today = timezone.localdate()
    current = Quarter.containing(today)
    rankings = {(r.year, r.quarter): r for r in Ranking.objects.all()}
    quarters = {current}
    ended = current.previous()
    for _ in range(LISTED_ENDED_QUARTERS):
        quarters.add(ended)
        ended = ended.previous()
    quarters |= {Quarter(year, number) for year, number in rankings}
    quarters = sorted(quarters, reverse=True)
    runs = _latest_runs(quarters)
    rows = [
        {
            "quarter": quarter,
            "ended": quarter.end < today,
            "ranking": rankings.get((quarter.year, quarter.number)),
            "state": quarter_state(
                quarter, rankings.get((quarter.year, quarter.number)), runs.get((quarter.year, quarter.number)), today
            ),
        }
        for quarter in quarters
    ]
    return render(request, "assessment/list.html", {"rows": rows, "can_manage": can_manage_assessment(request.user)})


def _trend(quarter, ranking):
    """Each town's totals over the last (up to four) ranked quarters up to this one: a table with a line per town."""
    rankings = list(
        Ranking.objects.filter(Q(year__lt=quarter.year) | Q(year=quarter.year, quarter__lte=quarter.number))
        .order_by("-year", "-quarter")
        .values_list("pk", "year", "quarter")[:TREND_QUARTERS]
    )[::-1]
    if len(rankings) < 2:
        return None
    columns = [Quarter(year, number) for _, year, number in rankings]
    position = {pk: index for index, (pk, _, _) in enumerate(rankings)}
    towns = {}
    for row in RankingRow.objects.filter(ranking__in=position).select_related("town"):
        entry = towns.setdefault(
            row.town_id, {"town": row.town, "totals": [None] * len(columns), "ranks": [None] * len(columns)}
        )
        entry["totals"][position[row.ranking_id]] = row.total
        entry["ranks"][position[row.ranking_id]] = row.rank
    values = [total for entry in towns.values() for total in entry["totals"] if total is not None]
    low, high = min([Decimal(0), *values]), max([Decimal(100), *values])
    order = {row.town_id: (row.rank, row.town.code) for row in ranking.rows.all()} if ranking else {}
    lines = sorted(towns.values(), key=lambda e: order.get(e["town"].pk, (999, e["town"].code)))
    for entry in lines:
        entry["cells"] = list(zip(entry["totals"], entry["ranks"], strict=True))
        entry["line"] = sparkline(entry["totals"], low=low, high=high, label=f"{entry['town'].name}各季度总分")
    return {"columns": columns, "lines": lines}


def _ledger(quarter):
    """The quarter's pre-deductions town by town: deducted, restored (with evidence and approver), outstanding."""
    deductions = (
        PreDeduction.objects.filter(year=quarter.year, quarter=quarter.number)
        .select_related("town", "created_by")
        .prefetch_related(
            Prefetch("restorations", queryset=Restoration.objects.select_related("approved_by").order_by("approved_on"))
        )
        .order_by("town__code", "created_at", "pk")
    )
    towns = {}
    for deduction in deductions:
        entry = towns.setdefault(
            deduction.town_id,
            {"town": deduction.town, "items": [], "deducted": Decimal(0), "restored": Decimal(0)},
        )
        entry["items"].append(deduction)
        entry["deducted"] += deduction.points
        entry["restored"] += deduction.restored_points
    for entry in towns.values():
        entry["outstanding"] = entry["deducted"] - entry["restored"]
    return list(towns.values())


def _accidents(user, quarter):
    """The quarter's accidents, each marked `detailed` when the user may see its enterprise: the town and the
    counts (what the score is made of) show to every viewer, the enterprise and what happened only in scope."""
    accidents = list(
        Accident.objects.filter(date__range=(quarter.start, quarter.end))
        .select_related("enterprise__town")
        .order_by("-date", "-pk")
    )
    detailed = enterprises_detailed(user, {accident.enterprise_id for accident in accidents})
    for accident in accidents:
        accident.detailed = accident.enterprise_id in detailed
    return accidents


def ranking_detail(request, quarter):
    user = request.user
    require(can_see_rankings(user), "查看考核排名")
    today = timezone.localdate()
    ranking = ranking_for_page().filter(year=quarter.year, quarter=quarter.number).first()
    run = RankingRun.objects.filter(year=quarter.year, quarter=quarter.number).order_by("-requested_at", "-id").first()
    state = quarter_state(quarter, ranking, run, today)
    indicators = list(ranking.scheme.indicators.all()) if ranking else []
    rows = ranking_rows(ranking, indicators, quarter, viewer=user) if ranking else []
    can_manage = can_manage_assessment(user)
    bulletins = visible_bulletins(user).filter(ranking=ranking).order_by("-created_at") if ranking else []
    current, draft = quarter_bulletins(ranking) if ranking else (None, None)
    return render(
        request,
        "assessment/detail.html",
        {
            "quarter": quarter,
            "ranking": ranking,
            "state": state,
            "refreshing": state["kind"] == "running",
            "indicators": indicators,
            "rows": rows,
            "chart": bar_chart([(row["town"].name, row["total"]) for row in rows]) if rows else "",
            "trend": _trend(quarter, ranking),
            "ledger": _ledger(quarter),
            "accidents": _accidents(user, quarter),
            "bulletins": list(bulletins),
            "current_bulletin": current,
            "draft_bulletin": draft,
            "ended": quarter.end < today,
            "can_manage": can_manage,
            "can_record_accidents": can_record_accidents(user),
            "outside_enterprise": OUTSIDE_ENTERPRISE,
        },
    )


@require_POST
def compute(request, quarter):
    require(can_manage_assessment(request.user), "管理考核")
    flash_write(
        request,
        None,
        lambda: ranking_request(quarter=quarter, actor=request.user),
        f"已开始计算{quarter.label}排名，完成后本页自动显示结果。",
    )
    return redirect("rankings:detail", quarter=quarter)


@require_POST
def draft_bulletin(request, quarter):
    require(can_manage_assessment(request.user), "管理考核")
    ranking = get_object_or_404(Ranking, year=quarter.year, quarter=quarter.number)
    drafted = []

    def draft():
        drafted.append(bulletin_draft(ranking=ranking, actor=request.user))
        return drafted[0]

    flash_write(request, None, draft, "已生成通报草稿，请核对后发布。")
    # A second click drafts nothing: back to the quarter, whose page lists its bulletins.
    return redirect(drafted[0]) if drafted else redirect("rankings:detail", quarter=quarter)
