"""One entry per ranking indicator rule: what it counts, how it scores, how it reads, where its records are listed.

A scheme's `Indicator` rows choose rules from here and give them weights; everything else about a rule — the
query that counts it per town (indicators.py), its points, its unit, the sentence that explains a figure and the
list that shows what it counted — is its `IndicatorSpec` below, and scoring, tables and bulletins read only that.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.urls import reverse
from django.utils.http import urlencode

from bureau.assessment import indicators
from bureau.assessment.models import IndicatorRule
from enterprises.permissions import can_see_registry
from grids.permissions import can_see_coverage
from inspections.permissions import can_see_enforcement

CENT = Decimal("0.01")
SHARE = "%"


def cents(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


# Points rules: (indicator row of the scheme, value, inputs) → points ----------------------------------------------


def share_points(indicator, value, inputs):
    """The share of the weight the town achieved."""
    return cents(indicator.weight * Decimal(str(value)))


def deducted_from_weight(item, major):
    """The weight less per_item for each `item` and per_major for each `major` counted, never below zero."""

    def points(indicator, value, inputs):
        lost = indicator.per_item * inputs[item] + indicator.per_major * inputs[major]
        return cents(max(Decimal(0), indicator.weight - lost))

    return points


def penalty_up_to_weight(item, major):
    """Negative points: per_item for each `item` and per_major for each `major`, at most the weight."""

    def points(indicator, value, inputs):
        lost = indicator.per_item * inputs[item] + indicator.per_major * inputs[major]
        return cents(-min(indicator.weight, lost))

    return points


# Links: (quarter, town code) → the list of records an indicator was counted from -----------------------------------


def _query(name, **params):
    return f"{reverse(name)}?{urlencode(params)}"


def _statistics_link(quarter, town_code):
    previous = quarter.previous()
    return _query("self_checks:statistics", year=previous.year, quarter=previous.number)


@dataclass(frozen=True)
class IndicatorSpec:
    rule: IndicatorRule
    # {town_id: (value, inputs)} for a quarter, all towns or those in `towns` (indicators.py).
    compute: Callable
    # What a town with no records gets as inputs (a town with no hazards has none overdue, and so on).
    empty_inputs: dict
    points: Callable
    # SHARE for a value in [0, 1] shown as a percentage; else the measure word of a count.
    unit: str
    # How the stored inputs read on screen, e.g. {"done": 12, "due": 15} → "检查 12 / 应检 15".
    explanation: str
    # The list of records it was counted from, filtered to the town where the list can do that.
    link: Callable
    # Who may open that list: the rule its view requires (a figure is shown without a link to anyone else).
    link_opens: Callable = lambda user: True

    @property
    def label(self):
        return self.rule.label

    @property
    def is_share(self):
        return self.unit == SHARE

    @property
    def empty_value(self):
        """With nothing to do, a town has done all of it; with nothing counted, it has none."""
        return 1 if self.is_share else 0

    def format(self, value):
        """A share as a percentage with one decimal ("86.7%"), a count as a whole number with its unit ("3 项")."""
        if value is None:
            return "—"
        value = Decimal(str(value))
        if self.is_share:
            return f"{(value * 100).quantize(Decimal('0.1'))}%"
        return f"{int(value)} {self.unit}".strip()

    def explain(self, inputs):
        try:
            return self.explanation.format(**inputs)
        except (KeyError, IndexError):
            return ""


INDICATORS = {
    spec.rule: spec
    for spec in [
        IndicatorSpec(
            rule=IndicatorRule.INSPECTIONS_DUE,
            compute=indicators.inspections_due,
            empty_inputs={"due": 0, "done": 0},
            points=share_points,
            unit=SHARE,
            explanation="检查 {done} / 应检 {due}",
            link=lambda quarter, town_code: _query("enterprises:due", town=town_code),
            link_opens=can_see_registry,
        ),
        IndicatorSpec(
            rule=IndicatorRule.RECTIFICATION_RATE,
            compute=indicators.rectification_rate,
            empty_inputs={"found": 0, "closed": 0},
            points=share_points,
            unit=SHARE,
            explanation="销号 {closed} / 排查 {found}",
            link=lambda quarter, town_code: _query(
                "hazards:list",
                town=town_code,
                found_after=quarter.start.isoformat(),
                found_before=quarter.end.isoformat(),
            ),
        ),
        IndicatorSpec(
            rule=IndicatorRule.OVERDUE_HAZARDS,
            compute=indicators.overdue_hazards,
            empty_inputs={"general": 0, "major": 0},
            points=deducted_from_weight("general", "major"),
            unit="项",
            explanation="一般 {general} 项，重大 {major} 项",
            link=lambda quarter, town_code: _query("hazards:list", town=town_code, overdue=1),
        ),
        IndicatorSpec(
            rule=IndicatorRule.SELF_CHECK_COVERAGE,
            compute=indicators.self_check_coverage,
            empty_inputs={"enterprises": 0, "checked": 0},
            points=share_points,
            unit=SHARE,
            explanation="已自查 {checked} / 企业 {enterprises}",
            link=lambda quarter, town_code: _query("self_checks:list", year=quarter.year, month=quarter.months[-1]),
        ),
        IndicatorSpec(
            rule=IndicatorRule.STATISTICS_ON_TIME,
            compute=indicators.statistics_on_time,
            empty_inputs={"enterprises": 0, "on_time": 0},
            points=share_points,
            unit=SHARE,
            explanation="按时报送 {on_time} / 企业 {enterprises}",
            link=_statistics_link,
        ),
        IndicatorSpec(
            rule=IndicatorRule.GRID_COVERAGE,
            compute=indicators.grid_coverage,
            empty_inputs={"cells": 0, "covered": 0},
            points=share_points,
            unit=SHARE,
            explanation="已落实 {covered} / 网格 {cells}",
            link=lambda quarter, town_code: _query("grids:unassigned", town=town_code),
            link_opens=can_see_coverage,
        ),
        IndicatorSpec(
            rule=IndicatorRule.CAMPAIGN_PROGRESS,
            compute=indicators.campaign_progress,
            empty_inputs={"targets": 0, "surveyed": 0, "completed": 0},
            points=share_points,
            unit=SHARE,
            explanation="对象 {targets}，已排查 {surveyed}，已完成 {completed}",
            link=lambda quarter, town_code: reverse("campaigns:list"),
            link_opens=can_see_enforcement,
        ),
        IndicatorSpec(
            rule=IndicatorRule.ACCIDENTS,
            compute=indicators.accidents,
            empty_inputs={"accidents": 0, "deaths": 0},
            points=penalty_up_to_weight("accidents", "deaths"),
            unit="起",
            explanation="事故 {accidents} 起，死亡 {deaths} 人",
            # Accidents are listed on the quarter page itself, each opening its report at /accidents/<id>/ for
            # those who may see its enterprise; counted by the day they happened (Accident.date).
            link=lambda quarter, town_code: "#accidents",
        ),
    ]
}
