"""The ranking table as people read it: each indicator's value shown in its unit, the counts behind it, and the
list of records it was counted from. Used by the quarter page and frozen into each bulletin's snapshot."""

from decimal import Decimal

from django.urls import reverse
from django.utils.http import urlencode

from bureau.assessment.models import IndicatorRule

# Rules whose value is a share in [0, 1] (shown as %); the others count items.
SHARES = {
    IndicatorRule.INSPECTIONS_DUE,
    IndicatorRule.RECTIFICATION_RATE,
    IndicatorRule.SELF_CHECK_COVERAGE,
    IndicatorRule.STATISTICS_ON_TIME,
    IndicatorRule.GRID_COVERAGE,
    IndicatorRule.CAMPAIGN_PROGRESS,
}
UNITS = {IndicatorRule.OVERDUE_HAZARDS: "项", IndicatorRule.ACCIDENTS: "起"}
# How the stored inputs read on screen, e.g. {"done": 12, "due": 15} → "检查 12 / 应检 15".
EXPLANATIONS = {
    IndicatorRule.INSPECTIONS_DUE: "检查 {done} / 应检 {due}",
    IndicatorRule.RECTIFICATION_RATE: "销号 {closed} / 排查 {found}",
    IndicatorRule.OVERDUE_HAZARDS: "一般 {general} 项，重大 {major} 项",
    IndicatorRule.SELF_CHECK_COVERAGE: "已自查 {checked} / 企业 {enterprises}",
    IndicatorRule.STATISTICS_ON_TIME: "按时报送 {on_time} / 企业 {enterprises}",
    IndicatorRule.GRID_COVERAGE: "已落实 {covered} / 网格 {cells}",
    IndicatorRule.CAMPAIGN_PROGRESS: "对象 {targets}，已排查 {surveyed}，已完成 {completed}",
    IndicatorRule.ACCIDENTS: "事故 {accidents} 起，死亡 {deaths} 人",
}


def format_value(rule, value):
    """A share as a percentage with one decimal ("86.7%"), a count as a whole number with its unit ("3 项")."""
    if value is None:
        return "—"
    value = Decimal(str(value))
    if rule in SHARES:
        return f"{(value * 100).quantize(Decimal('0.1'))}%"
    return f"{int(value)} {UNITS.get(rule, '')}".strip()


def explain(rule, inputs):
    try:
        return EXPLANATIONS[rule].format(**inputs)
    except (KeyError, IndexError):
        return ""


def change_label(change):
    """Places gained since last quarter: "↑2", "↓1", or "—" (no change, or not ranked last quarter)."""
    if not change:
        return "—"
    return f"↑{change}" if change > 0 else f"↓{-change}"


def change_title(change):
    if change is None:
        return "上季度未排名"
    if change == 0:
        return "名次与上季度相同"
    return f"比上季度{'上升' if change > 0 else '下降'} {abs(change)} 位"


def _query(path, **params):
    return f"{path}?{urlencode(params)}"


def record_link(rule, town_code, quarter):
    """The list of records an indicator was counted from, filtered to the town where the list can do that; "" when
    there is no such list (accidents are listed on the quarter page itself)."""
    if rule == IndicatorRule.INSPECTIONS_DUE:
        return _query(reverse("enterprises:due"), town=town_code)
    if rule == IndicatorRule.RECTIFICATION_RATE:
        return _query(
            reverse("hazards:list"),
            town=town_code,
            found_after=quarter.start.isoformat(),
            found_before=quarter.end.isoformat(),
        )
    if rule == IndicatorRule.OVERDUE_HAZARDS:
        return _query(reverse("hazards:list"), town=town_code, overdue=1)
    if rule == IndicatorRule.SELF_CHECK_COVERAGE:
        return _query(reverse("self_checks:list"), year=quarter.year, month=3 * quarter.number)
    if rule == IndicatorRule.STATISTICS_ON_TIME:
        previous = quarter.previous()
        return _query(reverse("self_checks:statistics"), year=previous.year, quarter=previous.number)
    if rule == IndicatorRule.GRID_COVERAGE:
        return _query(reverse("grids:unassigned"), town=town_code)
    if rule == IndicatorRule.CAMPAIGN_PROGRESS:
        return reverse("campaigns:list")
    if rule == IndicatorRule.ACCIDENTS:
        return "#accidents"
    return ""


def ranking_rows(ranking, indicators, quarter, links=True):
    """The rows of a ranking (prefetched with town and scores) with every figure ready to show, one cell per
    indicator in the order of `indicators` (a blank cell where a row has no score for one)."""
    rows = []
    for row in ranking.rows.all():
        scores = {score.indicator_id: score for score in row.scores.all()}
        cells = []
        for indicator in indicators:
            score = scores.get(indicator.pk)
            if score is None:
                cells.append(None)
                continue
            cells.append(
                {
                    "rule": indicator.rule,
                    "value": score.value,
                    "display": format_value(indicator.rule, score.value),
                    "points": score.points,
                    "inputs": score.inputs,
                    "explanation": explain(indicator.rule, score.inputs),
                    "url": record_link(indicator.rule, row.town.code, quarter) if links else "",
                }
            )
        rows.append(
            {
                "rank": row.rank,
                "previous_rank": row.previous_rank,
                "change": row.change,
                "change_label": change_label(row.change),
                "change_title": change_title(row.change),
                "town": row.town,
                "score": row.score,
                "pre_deduction": row.pre_deduction,
                "total": row.total,
                "cells": cells,
            }
        )
    return rows
