"""What an enterprise files on its own hazards each period: the monthly self-check and the quarterly statistics."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from hazards.hazard_models import NEGATIVE_FUNDS

# Short enough to keep each field that points at a person on one line.
USER = settings.AUTH_USER_MODEL


class SelfCheck(models.Model):
    """An enterprise's self-check (自查) for a month; it counts even when nothing was found."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="self_checks", verbose_name="企业"
    )
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    found_nothing = models.BooleanField("本期未发现隐患", default=False)
    note = FreeTextField("自查情况说明", max_length=2000, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="提交人")
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-month", "enterprise_id"]
        verbose_name = "企业自查"
        verbose_name_plural = "企业自查"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "month"],
                name="one_self_check_per_month",
                violation_error_message="本单位该月已提交自查。",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}年{self.month}月自查"


class QuarterlyStatistics(models.Model):
    """The hazard statistics an enterprise files each quarter (due by the 15th of the next month).

    The figures are counted from the enterprise's own hazards when it files, then frozen.
    """

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="quarterly_statistics", verbose_name="企业"
    )
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    general_found = models.PositiveIntegerField("排查一般隐患")
    general_rectified = models.PositiveIntegerField("已整改一般隐患")
    major_found = models.PositiveIntegerField("排查重大隐患")
    major_rectified = models.PositiveIntegerField("已整改重大隐患")
    funds = models.DecimalField(
        "整改资金（元）", max_digits=14, decimal_places=2, validators=[MinValueValidator(0, message=NEGATIVE_FUNDS)]
    )
    note = FreeTextField("说明", max_length=2000, blank=True)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="提交人")
    submitted_at = models.DateTimeField("提交时间", default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter", "enterprise_id"]
        verbose_name = "季度隐患统计"
        verbose_name_plural = "季度隐患统计"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "quarter"],
                name="one_statistics_per_quarter",
                violation_error_message="本单位该季度统计已报送。",
            )
        ]

    def __str__(self):
        return f"{self.enterprise} {self.year}年第{self.quarter}季度"
