"""The assessment's models, one module per topic."""

from bureau.assessment.models.bulletins import Bulletin, BulletinSequence
from bureau.assessment.models.ranking import IndicatorScore, Ranking, RankingRow, RankingRun, RankingRunQuerySet
from bureau.assessment.models.records import PreDeduction, Restoration
from bureau.assessment.models.scheme import Indicator, IndicatorRule, Scheme

__all__ = [
    "Bulletin",
    "BulletinSequence",
    "Indicator",
    "IndicatorRule",
    "IndicatorScore",
    "PreDeduction",
    "Ranking",
    "RankingRow",
    "RankingRun",
    "RankingRunQuerySet",
    "Restoration",
    "Scheme",
]
