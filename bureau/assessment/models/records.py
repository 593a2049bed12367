"""Records the quarter is judged by besides the registries: pre-deductions and their restoration. Accidents and
accountability are the inspections app's (inspections.accidents), read from here."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


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
