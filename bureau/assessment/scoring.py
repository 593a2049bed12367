"""Scoring a quarter: every indicator per town, points, pre-deductions, total and rank, stored atomically."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from bureau.assessment.models import (
    IndicatorScore,
    PreDeduction,
    Ranking,
    RankingRow,
    Restoration,
    Scheme,
)
from bureau.assessment.registry import INDICATORS, cents
from enterprises.models import InspectionInterval
from grids.models import GridCell


@dataclass
class TownScore:
    """One town's result for a quarter before it is stored: its indicator scores (unsaved IndicatorScore rows),
    points, outstanding pre-deductions, total, and — once the towns are ranked — its rank."""

    town: GridCell
    scores: list[IndicatorScore]
    pre_deduction: Decimal
    rank: int | None = None

    @property
    def score(self):
        return cents(sum((score.points for score in self.scores), start=Decimal(0)))

    @property
    def total(self):
        return cents(self.score - self.pre_deduction)

    def as_json(self, scheme):
        """Plain data, for one task of a ranking split across workers (see tasks.py); score and total follow."""
        return {
            "scheme": scheme.pk,
            "town": self.town.pk,
            "pre_deduction": str(self.pre_deduction),
            "scores": [[s.indicator.pk, str(s.value), str(s.points), s.inputs] for s in self.scores],
        }

    @classmethod
    def from_json(cls, data, indicators, towns):
        scores = [
            IndicatorScore(indicator=indicators[pk], value=Decimal(value), points=Decimal(points), inputs=inputs)
            for pk, value, points, inputs in data["scores"]
        ]
        return cls(towns[data["town"]], scores, Decimal(data["pre_deduction"]))


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
    return {town: cents(max(Decimal(0), total - restored.get(town, 0))) for town, total in deducted.items()}


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


def _score_towns(quarter, indicators, towns, town_ids, progress):
    values = {}
    for done, indicator in enumerate(indicators, start=1):
        values[indicator.pk] = INDICATORS[indicator.rule].compute(quarter, towns=town_ids)
        if progress:
            progress(10 + 80 * done // len(indicators))
    pre = net_pre_deductions(quarter)
    results = []
    for town in towns:
        scores = []
        for indicator in indicators:
            spec = INDICATORS[indicator.rule]
            value, inputs = values[indicator.pk].get(town.pk, (spec.empty_value, spec.empty_inputs))
            points = spec.points(indicator, value, inputs)
            scores.append(IndicatorScore(indicator=indicator, value=value, points=points, inputs=inputs))
        results.append(TownScore(town, scores, pre.get(town.pk, Decimal(0))))
    return results


def score_quarter(quarter, progress=None, town_ids=None):
    """Compute (without saving) the TownScores of a quarter — all towns, or those in `town_ids` — and the scheme."""
    scheme = scheme_for(quarter)
    indicators = list(scheme.indicators.all())
    towns = GridCell.objects.towns().order_by("code")
    towns = list(towns if town_ids is None else towns.filter(pk__in=town_ids))
    if not towns:
        raise ValidationError("尚未导入网格：没有可考核的镇街。")
    return scheme, _score_towns(quarter, indicators, towns, town_ids, progress)


def compute_ranking(quarter, progress=None):
    """Score the quarter and replace its ranking in one transaction: readers see the old one or the new one."""
    scheme, results = score_quarter(quarter, progress)
    ranking = save_ranking(quarter, scheme, results)
    if progress:
        progress(100)
    return ranking


def town_result(quarter, town_id):
    """One town's scores as plain data, for one task of a ranking split across workers (see tasks.py)."""
    scheme, [result] = score_quarter(quarter, town_ids=[town_id])
    return result.as_json(scheme)


def save_town_results(quarter, results):
    """Join the towns' results into the quarter's ranking, exactly as compute_ranking would have stored it."""
    schemes = {result["scheme"] for result in results}
    if len(schemes) != 1:
        raise ValidationError("各镇街的计算使用了不同的考核方案，请重新计算。")
    scheme = Scheme.objects.get(pk=schemes.pop())
    indicators = {indicator.pk: indicator for indicator in scheme.indicators.all()}
    towns = GridCell.objects.in_bulk([result["town"] for result in results])
    scores = [TownScore.from_json(result, indicators, towns) for result in results]
    return save_ranking(quarter, scheme, sorted(scores, key=lambda result: result.town.code))


def _ranking_inputs(quarter, scheme):
    """What the computation read beyond the records, stored with the ranking so a figure can be explained."""
    return {
        "quarter": {"start": quarter.start.isoformat(), "end": quarter.end.isoformat()},
        "intervals": {str(k): v for k, v in InspectionInterval.days_by_grade().items()},
        "scheme": scheme.pk,
    }


def save_ranking(quarter, scheme, results):
    """Rank the TownScores and replace the quarter's ranking with them in one transaction."""
    ranks = competition_ranks({result.town.pk: result.total for result in results})
    for result in results:
        result.rank = ranks[result.town.pk]
    previous = dict(
        RankingRow.objects.filter(
            ranking__year=quarter.previous().year, ranking__quarter=quarter.previous().number
        ).values_list("town", "rank")
    )
    inputs = _ranking_inputs(quarter, scheme)
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
                    town=result.town,
                    score=result.score,
                    pre_deduction=result.pre_deduction,
                    total=result.total,
                    rank=result.rank,
                    previous_rank=previous.get(result.town.pk),
                )
                for result in results
            ]
        )
        IndicatorScore.objects.bulk_create(
            [
                IndicatorScore(
                    row=row,
                    indicator=score.indicator,
                    value=Decimal(str(score.value)),
                    points=score.points,
                    inputs=score.inputs,
                )
                for row, result in zip(saved, results, strict=True)
                for score in result.scores
            ]
        )
    return ranking
