"""Scoring a quarter: every indicator per town, points, pre-deductions, total and rank, stored atomically."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from bureau.assessment.indicators import EMPTY_INPUTS, EMPTY_VALUE, RULES
from bureau.assessment.models import (
    IndicatorRule,
    IndicatorScore,
    PreDeduction,
    Ranking,
    RankingRow,
    Restoration,
    Scheme,
)
from enterprises.models import InspectionInterval
from grids.models import GridCell

CENT = Decimal("0.01")


def _d(value):
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


def points_for(indicator, value, inputs):
    """Points of one indicator: a share of its weight, or deductions from it."""
    weight = indicator.weight
    if indicator.rule == IndicatorRule.OVERDUE_HAZARDS:
        lost = indicator.per_item * inputs["general"] + indicator.per_major * inputs["major"]
        return _d(max(Decimal(0), weight - lost))
    if indicator.rule == IndicatorRule.ACCIDENTS:
        lost = indicator.per_item * inputs["accidents"] + indicator.per_major * inputs["deaths"]
        return _d(-min(weight, lost))
    return _d(weight * Decimal(str(value)))


def net_pre_deductions(quarter):
    """{town_id: points still deducted}: pre-deductions of the quarter less what was restored by its end."""
    deducted = dict(
        PreDeduction.objects.filter(year=quarter.year, quarter=quarter.number)
        .values_list("town")
        .annotate(total=Sum("points"))
        .order_by()
    )
    restored = dict(
        Restoration.objects.filter(
            pre_deduction__year=quarter.year, pre_deduction__quarter=quarter.number, approved_on__lte=quarter.end
        )
        .values_list("pre_deduction__town")
        .annotate(total=Sum("points"))
        .order_by()
    )
    return {town: _d(max(Decimal(0), total - restored.get(town, 0))) for town, total in deducted.items()}


def competition_ranks(totals):
    """{key: rank} with ties sharing a rank and the next rank skipped (1, 2, 2, 4)."""
    ordered = sorted(totals.items(), key=lambda item: item[1], reverse=True)
    ranks, previous_total, previous_rank = {}, None, 0
    for position, (key, total) in enumerate(ordered, start=1):
        rank = previous_rank if total == previous_total else position
        ranks[key] = rank
        previous_total, previous_rank = total, rank
    return ranks


def scheme_for(quarter):
    scheme = Scheme.in_force(quarter)
    if scheme is None:
        raise ValidationError(f"{quarter.label}没有适用的考核方案。")
    return scheme


def score_quarter(quarter, progress=None, town_ids=None):
    """Compute (without saving) the rows of a quarter — all towns, or those in `town_ids` — as
    [(town, score, pre, total, [(indicator, value, points, inputs)])], and the scheme used."""
    scheme = scheme_for(quarter)
    indicators = list(scheme.indicators.all())
    towns = GridCell.objects.towns().order_by("code")
    towns = list(towns if town_ids is None else towns.filter(pk__in=town_ids))
    if not towns:
        raise ValidationError("尚未导入网格：没有可考核的镇街。")
    values = {}
    for done, indicator in enumerate(indicators, start=1):
        values[indicator.pk] = RULES[indicator.rule](quarter, towns=town_ids)
        if progress:
            progress(10 + 80 * done // len(indicators))
    pre = net_pre_deductions(quarter)
    rows = []
    for town in towns:
        scores = []
        for indicator in indicators:
            default = (EMPTY_VALUE.get(indicator.rule, 1), EMPTY_INPUTS[indicator.rule])
            value, inputs = values[indicator.pk].get(town.pk, default)
            scores.append((indicator, value, points_for(indicator, value, inputs), inputs))
        score = sum((points for _, _, points, _ in scores), start=Decimal(0))
        deduction = pre.get(town.pk, Decimal(0))
        rows.append((town, _d(score), deduction, _d(score - deduction), scores))
    return scheme, rows


def compute_ranking(quarter, progress=None):
    """Score the quarter and replace its ranking in one transaction: readers see the old one or the new one."""
    scheme, rows = score_quarter(quarter, progress)
    ranking = save_ranking(quarter, scheme, rows)
    if progress:
        progress(100)
    return ranking


def town_result(quarter, town_id):
    """One town's scores as plain data, for one task of a ranking split across workers (see tasks.py)."""
    scheme, [(town, score, deduction, total, scores)] = score_quarter(quarter, town_ids=[town_id])
    return {
        "scheme": scheme.pk,
        "town": town.pk,
        "score": str(score),
        "pre_deduction": str(deduction),
        "total": str(total),
        "scores": [[indicator.pk, str(value), str(points), inputs] for indicator, value, points, inputs in scores],
    }


def save_town_results(quarter, results):
    """Join the towns' results into the quarter's ranking, exactly as compute_ranking would have stored it."""
    schemes = {result["scheme"] for result in results}
    if len(schemes) != 1:
        raise ValidationError("各镇街的计算使用了不同的考核方案，请重新计算。")
    scheme = Scheme.objects.get(pk=schemes.pop())
    indicators = {indicator.pk: indicator for indicator in scheme.indicators.all()}
    towns = GridCell.objects.in_bulk([result["town"] for result in results])
    rows = [
        (
            towns[result["town"]],
            Decimal(result["score"]),
            Decimal(result["pre_deduction"]),
            Decimal(result["total"]),
            [
                (indicators[pk], Decimal(value), Decimal(points), inputs)
                for pk, value, points, inputs in result["scores"]
            ],
        )
        for result in sorted(results, key=lambda result: towns[result["town"]].code)
    ]
    return save_ranking(quarter, scheme, rows)


def save_ranking(quarter, scheme, rows):
    """Rank the rows and replace the quarter's ranking with them in one transaction."""
    ranks = competition_ranks({town.pk: total for town, _, _, total, _ in rows})
    previous = dict(
        RankingRow.objects.filter(
            ranking__year=quarter.previous().year, ranking__quarter=quarter.previous().number
        ).values_list("town", "rank")
    )
    inputs = {
        "quarter": {"start": quarter.start.isoformat(), "end": quarter.end.isoformat()},
        "intervals": {str(k): v for k, v in InspectionInterval.days_by_grade().items()},
        "scheme": scheme.pk,
    }
    with transaction.atomic():
        ranking, created = Ranking.objects.select_for_update().get_or_create(
            year=quarter.year,
            quarter=quarter.number,
            defaults={"scheme": scheme, "computed_at": timezone.now(), "inputs": inputs},
        )
        if not created:
            ranking.rows.all().delete()
            ranking.scheme, ranking.computed_at, ranking.inputs = scheme, timezone.now(), inputs
            ranking.save()
        saved = RankingRow.objects.bulk_create(
            [
                RankingRow(
                    ranking=ranking,
                    town=town,
                    score=score,
                    pre_deduction=deduction,
                    total=total,
                    rank=ranks[town.pk],
                    previous_rank=previous.get(town.pk),
                )
                for town, score, deduction, total, _ in rows
            ]
        )
        IndicatorScore.objects.bulk_create(
            [
                IndicatorScore(
                    row=row,
                    indicator=indicator,
                    value=Decimal(str(value)),
                    points=points,
                    inputs=score_inputs,
                )
                for row, (*_, scores) in zip(saved, rows, strict=True)
                for indicator, value, points, score_inputs in scores
            ]
        )
    return ranking
