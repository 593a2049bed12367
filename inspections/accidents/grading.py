"""The grade of an accident (事故等级) and the periods of its report, from State Council order 493 (生产安全事故报告和
调查处理条例). One pure function decides the grade; everything that shows or stores a grade calls it."""

from datetime import timedelta
from decimal import Decimal

from django.db import models


class Grade(models.TextChoices):
    GENERAL = "general", "一般事故"
    LARGER = "larger", "较大事故"
    MAJOR = "major", "重大事故"
    ESPECIALLY_MAJOR = "especially_major", "特别重大事故"


# Order of severity, for "the grade was raised".
SEVERITY = [Grade.GENERAL, Grade.LARGER, Grade.MAJOR, Grade.ESPECIALLY_MAJOR]

# 第三条: (grade, deaths, serious injuries, direct loss in 万元); "以上" includes the number itself.
THRESHOLDS = [
    (Grade.ESPECIALLY_MAJOR, 30, 100, Decimal("10000")),
    (Grade.MAJOR, 10, 50, Decimal("5000")),
    (Grade.LARGER, 3, 10, Decimal("1000")),
]

# 第九条: the unit reports to the county authority within one hour of the accident.
REPORT_WITHIN = timedelta(hours=1)

# 第十三条: casualties that change within 30 days of the accident are reported again (补报); 7 days for road
# traffic and fire accidents.
SUPPLEMENT_DAYS = 30
SUPPLEMENT_DAYS_SHORT = 7

# 第二十九条: the investigation report is due 60 days after the accident, extendable once by at most 60 days.
INVESTIGATION_DAYS = 60
EXTENSION_MAX_DAYS = 60


def accident_grade(deaths, serious_injuries, direct_loss):
    """The grade by deaths, serious injuries (acute industrial poisoning included) and direct loss in 万元: the
    highest grade any one of the three reaches."""
    loss = Decimal(direct_loss or 0)
    for grade, death_floor, injury_floor, loss_floor in THRESHOLDS:
        if (deaths or 0) >= death_floor or (serious_injuries or 0) >= injury_floor or loss >= loss_floor:
            return grade
    return Grade.GENERAL


def is_raise(before, after):
    return SEVERITY.index(Grade(after)) > SEVERITY.index(Grade(before))
