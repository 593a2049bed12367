"""Records the quarter is judged by besides the registries: accidents, pre-deductions and their restoration, and
accountability (追责)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Accident(models.Model):
    """A production safety accident (生产安全事故), for the deductions of the quarter it happened in."""

    date = models.DateField("发生日期")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="accidents", verbose_name="事故单位"
    )
    deaths = models.PositiveSmallIntegerField("死亡人数", default=0)
    injuries = models.PositiveSmallIntegerField("受伤人数", default=0)
    summary = models.TextField("事故概况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = "生产安全事故"
        verbose_name_plural = "生产安全事故"

    def __str__(self):
        return f"{self.date} {self.enterprise}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "发生日期不能晚于今天。"})


class PreDeduction(models.Model):
    """预扣分: points deducted from a town at the start of a quarter for a known shortfall, earned back if mended."""

    town = models.ForeignKey(
        "grids.GridCell", on_delete=models.PROTECT, related_name="pre_deductions", verbose_name="镇街"
    )
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    points = models.DecimalField("预扣分值", max_digits=5, decimal_places=1)
    reason = models.TextField("预扣理由")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "town__code"]
        verbose_name = "预扣分"
        verbose_name_plural = "预扣分"

    def __str__(self):
        return f"{self.town} {self.year}Q{self.quarter} 预扣 {self.points}"

    @property
    def restored_points(self):
        return sum((r.points for r in self.restorations.all()), start=0)

    @property
    def outstanding(self):
        return self.points - self.restored_points


class Restoration(models.Model):
    """Points of a pre-deduction earned back, with the evidence and who approved it."""

    pre_deduction = models.ForeignKey(PreDeduction, on_delete=models.PROTECT, related_name="restorations")
    points = models.DecimalField("恢复分值", max_digits=5, decimal_places=1)
    evidence = models.TextField("整改佐证")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_on = models.DateField("批准日期", default=timezone.localdate)

    history = HistoricalRecords()

    class Meta:
        ordering = ["approved_on", "id"]
        verbose_name = "预扣分恢复"
        verbose_name_plural = "预扣分恢复"

    def __str__(self):
        return f"恢复 {self.points}"


class Accountability(models.Model):
    """追责: people referred for criminal liability or disciplined after accidents, and accountability bulletins."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "移送追究刑事责任"
        DISCIPLINE = "discipline", "追究党政纪责任"
        BULLETIN = "bulletin", "通报问责"

    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    person_count = models.PositiveSmallIntegerField("涉及人数", default=1)
    summary = models.TextField("情况摘要")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "责任追究"
        verbose_name_plural = "责任追究"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.person_count} 人"

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = "日期不能晚于今天。"
        if self.person_count is not None and self.person_count < 1:
            errors["person_count"] = "涉及人数至少为 1。"
        if errors:
            raise ValidationError(errors)
