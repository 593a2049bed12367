"""Accidents (生产安全事故) and accountability after them (追责): recorded by the bureau, counted by the quarterly
assessment and the dashboard. Moved here from the assessment (layer 5) so that pages below it may read them; the
tables keep their names."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.validators import DateWindow


class Accident(models.Model):
    """A production safety accident (生产安全事故), for the deductions of the quarter it happened in."""

    date = models.DateField("发生日期", validators=[DateWindow("发生日期", past=True)])
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="accidents", verbose_name="事故单位"
    )
    deaths = models.PositiveSmallIntegerField("死亡人数", default=0)
    injuries = models.PositiveSmallIntegerField("受伤人数", default=0)
    summary = FreeTextField("事故概况", max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    # The tables keep the names they had when the model was the assessment's.
    history = HistoricalRecords(table_name="assessment_historicalaccident")

    class Meta:
        db_table = "assessment_accident"
        ordering = ["-date"]
        verbose_name = "生产安全事故"
        verbose_name_plural = "生产安全事故"

    def __str__(self):
        return f"{self.date} {self.enterprise}"


class Accountability(models.Model):
    """追责: people referred for criminal liability or disciplined after accidents, and accountability bulletins."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "移送追究刑事责任"
        DISCIPLINE = "discipline", "追究党政纪责任"
        BULLETIN = "bulletin", "通报问责"

    date = models.DateField("日期", validators=[DateWindow("日期", past=True)])
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    person_count = models.PositiveSmallIntegerField("涉及人数", default=1)
    summary = FreeTextField("情况摘要", max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = HistoricalRecords(table_name="assessment_historicalaccountability")

    class Meta:
        db_table = "assessment_accountability"
        ordering = ["-date", "-id"]
        verbose_name = "责任追究"
        verbose_name_plural = "责任追究"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.person_count} 人"

    def clean(self):
        errors = {}
        if self.person_count is not None and self.person_count < 1:
            errors["person_count"] = "涉及人数至少为 1。"
        if errors:
            raise ValidationError(errors)
