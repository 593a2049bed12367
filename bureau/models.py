"""The holiday calendar (节假日安排): the one place that says which days are working days.

Weekdays work and weekends rest, except where a row says otherwise: a public holiday on a weekday (法定节假日) or a
weekend made a working day by the State Council's yearly schedule (调休上班). Deadlines that the law counts in
working days (行政处罚法 第八十五条: 二日、三日、五日、七日) read it through `bureau.workdays`.
"""

from django.db import models
from simple_history.models import HistoricalRecords


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        HOLIDAY = "holiday", "放假"
        WORKDAY = "workday", "调休上班"

    date = models.DateField("日期", unique=True)
    kind = models.CharField("安排", max_length=8, choices=Kind.choices)
    name = models.CharField("名称", max_length=40, blank=True, help_text="如：春节、国庆节调休")
    # Who changed the calendar, and when: it decides legal due dates (the audit trail shows it).
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".strip()
