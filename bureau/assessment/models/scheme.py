"""The scoring scheme: versions in force from a quarter, and the indicators each one weighs."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from bureau.quarters import Quarter
from bureau.text import refuse_controls

NOT_NEGATIVE = MinValueValidator(0, message="分值不能为负数。")


class IndicatorRule(models.TextChoices):
    INSPECTIONS_DUE = "inspections_due", "按等级应检企业的检查完成率"
    RECTIFICATION_RATE = "rectification_rate", "隐患整改率（已销号／排查）"
    OVERDUE_HAZARDS = "overdue_hazards", "逾期未整改隐患（重大隐患加倍扣分）"
    SELF_CHECK_COVERAGE = "self_check_coverage", "企业自查覆盖率"
    STATISTICS_ON_TIME = "statistics_on_time", "季度隐患统计按时报送率"
    GRID_COVERAGE = "grid_coverage", "网格责任人落实率"
    CAMPAIGN_PROGRESS = "campaign_progress", "专项整治推进率"
    ACCIDENTS = "accidents", "事故及死亡扣分"


class Scheme(models.Model):
    """A version of the scoring scheme, in force from a quarter until the next version."""

    name = models.CharField("方案名称", max_length=100, validators=[refuse_controls])
    valid_from_year = models.PositiveSmallIntegerField("起用年度")
    valid_from_quarter = models.PositiveSmallIntegerField("起用季度", choices=[(n, f"第{n}季度") for n in (1, 2, 3, 4)])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, verbose_name="创建人"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_from_year", "-valid_from_quarter"]
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        constraints = [
            models.UniqueConstraint(
                fields=["valid_from_year", "valid_from_quarter"],
                name="one_scheme_per_start_quarter",
                violation_error_message="该季度起用的考核方案已存在。",
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.valid_from.label}起）"

    @property
    def valid_from(self):
        return Quarter(self.valid_from_year, self.valid_from_quarter)

    @classmethod
    def in_force(cls, quarter):
        """The version in force for `quarter`: the latest one that started on or before it."""
        return (
            cls.objects.filter(
                models.Q(valid_from_year__lt=quarter.year)
                | models.Q(valid_from_year=quarter.year, valid_from_quarter__lte=quarter.number)
            )
            .order_by("-valid_from_year", "-valid_from_quarter")
            .first()
        )


class Indicator(models.Model):
    """One indicator of a scheme: its rule, its full points, and the rule's parameters."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators", verbose_name="考核方案")
    rule = models.CharField("计分规则", max_length=32, choices=IndicatorRule.choices)
    name = models.CharField("指标名称", max_length=50, validators=[refuse_controls])
    weight = models.DecimalField("分值", max_digits=5, decimal_places=1, validators=[NOT_NEGATIVE])
    # Deductions per item, for the rules that deduct (overdue hazards, accidents).
    per_item = models.DecimalField("每项扣分", max_digits=5, decimal_places=1, default=0, validators=[NOT_NEGATIVE])
    per_major = models.DecimalField(
        "重大项／死亡每项扣分", max_digits=5, decimal_places=1, default=0, validators=[NOT_NEGATIVE]
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name="排序")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        constraints = [models.UniqueConstraint(fields=["scheme", "rule"], name="one_indicator_per_rule")]

    def __str__(self):
        return f"{self.name}（{self.weight} 分）"
