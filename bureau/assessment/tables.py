"""The ranking table as people read it: each indicator's value shown in its unit, the counts behind it, and the
list of records it was counted from. Used by the quarter page and frozen into each bulletin's snapshot."""

from bureau.assessment.registry import INDICATORS


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


def _cell(indicator, score, town, quarter, links, viewer):
    spec = INDICATORS[indicator.rule]
    return {
        "rule": indicator.rule,
        "value": score.value,
        "display": spec.format(score.value),
        "points": score.points,
        "inputs": score.inputs,
        "explanation": spec.explain(score.inputs),
        "url": spec.link(quarter, town.code) if links and spec.link_opens(viewer) else "",
    }


def ranking_rows(ranking, indicators, quarter, links=True, viewer=None):
    """The rows of a ranking (prefetched with town and scores) with every figure ready to show, one cell per
    indicator in the order of `indicators` (a blank cell where a row has no score for one). A figure links to the
    records behind it only when `viewer` may open that list (IndicatorSpec.link_opens)."""
    rows = []
    for row in ranking.rows.all():
        scores = {score.indicator_id: score for score in row.scores.all()}
        cells = []
        for indicator in indicators:
            score = scores.get(indicator.pk)
            cells.append(None if score is None else _cell(indicator, score, row.town, quarter, links, viewer))
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
