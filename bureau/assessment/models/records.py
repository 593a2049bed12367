"""Records the quarter is judged by besides the registries: pre-deductions and their restoration. Accidents and
accountability are the inspections app's (inspections.accidents), read from here."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Sum
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.assessment.models.scheme import Scheme
from bureau.fields import FreeTextField
from bureau.quarters import Quarter
from bureau.validators import DateWindow

# The full score of a quarter when no scheme is in force for it (the default scheme's weights sum to 120).
FALLBACK_FULL_SCORE = Decimal(100)


class PreDeduction(models.Model):
    """预扣分: points deducted from a town at the start of a quarter for a known shortfall, earned back if mended."""

    town = models.ForeignKey(
        "grids.GridCell", on_delete=models.PROTECT, related_name="pre_deductions", verbose_name="镇街"
    )
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    points = models.DecimalField(
        "预扣分值",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"), message="预扣分值须大于 0。")],
    )
    reason = FreeTextField("预扣理由", max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "town__code"]
        verbose_name = "预扣分"
        verbose_name_plural = "预扣分"

    def __str__(self):
        return f"{self.town} {self.year}Q{self.quarter} 预扣 {self.points}"

    def clean(self):
        # A town cannot lose more than it can score: the quarter's pre-deductions of one town, this one included,
        # stay within the full score of the scheme in force (the sum of its indicators' weights).
        if self.points is None or not self.town_id or not self.year or self.quarter not in (1, 2, 3, 4):
            return
        full = self.full_score(Quarter(self.year, self.quarter))
        others = PreDeduction.objects.filter(town_id=self.town_id, year=self.year, quarter=self.quarter)
        already = others.exclude(pk=self.pk).aggregate(total=Sum("points"))["total"] or Decimal(0)
        if already + self.points > full:
            told = f"（该镇街本季度已预扣 {already} 分）" if already else ""
            raise ValidationError({"points": f"预扣分值不能超过考核方案的总分 {full} 分{told}。"})

    @staticmethod
    def full_score(quarter):
        """The most a town can score in `quarter`: the weights of the scheme in force, summed."""
        scheme = Scheme.in_force(quarter)
        total = scheme.indicators.aggregate(total=Sum("weight"))["total"] if scheme else None
        return total if total else FALLBACK_FULL_SCORE

    @property
    def restored_points(self):
        return sum((r.points for r in self.restorations.all()), start=0)

    @property
    def outstanding(self):
        return self.points - self.restored_points


class Restoration(models.Model):
    """Points of a pre-deduction earned back, with the evidence and who approved it."""

    pre_deduction = models.ForeignKey(
        PreDeduction, on_delete=models.PROTECT, related_name="restorations", verbose_name="所恢复的预扣分"
    )
    points = models.DecimalField(
        "恢复分值",
        max_digits=5,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"), message="恢复分值须大于 0。")],
    )
    evidence = FreeTextField("整改佐证", max_length=4000)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="批准人"
    )
    approved_on = models.DateField("批准日期", default=timezone.localdate, validators=[DateWindow("批准日期")])

    history = HistoricalRecords()

    class Meta:
        ordering = ["approved_on", "id"]
        verbose_name = "预扣分恢复"
        verbose_name_plural = "预扣分恢复"

    def __str__(self):
        return f"恢复 {self.points}"
