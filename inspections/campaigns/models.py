from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from bureau.fields import CodeListField, FreeTextField
from bureau.text import refuse_controls
from bureau.validators import DateWindow
from enterprises.models import Industry


class Campaign(models.Model):
    """A special campaign (专项整治): industry by industry rather than enterprise by enterprise.

    Its scope — special categories, industries, towns — generates the target list.
    """

    name = models.CharField("名称", max_length=100, validators=[refuse_controls])
    description = FreeTextField("工作要求", max_length=5000, blank=True)
    start_date = models.DateField("开始日期", validators=[DateWindow("开始日期")])
    end_date = models.DateField("结束日期", validators=[DateWindow("结束日期")])
    industries = CodeListField("涉及行业", item_choices=Industry.choices, blank=True)
    special_categories = models.ManyToManyField(
        "enterprises.SpecialCategory", blank=True, related_name="campaigns", verbose_name="涉及特殊类别"
    )
    towns = models.ManyToManyField(
        "grids.GridCell", blank=True, related_name="campaigns", verbose_name="范围（镇街，不选为全市）"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = "专项整治"
        verbose_name_plural = "专项整治"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("campaigns:detail", args=[self.pk])

    def default_mark_date(self, today):
        """The date a target's mark form offers: today, or the last day of a campaign that has ended."""
        return min(today, self.end_date)

    def industry_labels(self):
        return [Industry(code).label for code in self.industries if code in Industry.values]


class CampaignTarget(models.Model):
    """An enterprise in a campaign's scope, and how far it has got."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="targets", verbose_name="所属专项整治"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="campaign_targets", verbose_name="企业"
    )
    surveyed_on = models.DateField("排查日期", null=True, blank=True, validators=[DateWindow("排查日期")])
    completed_on = models.DateField("整治完成日期", null=True, blank=True, validators=[DateWindow("整治完成日期")])
    # Why a step was recorded after the campaign had ended (each late step adds a line, named by its step).
    late_reason = FreeTextField("逾期原因", max_length=1000, blank=True, default="")
    history = HistoricalRecords()

    class Meta:
        ordering = ["campaign", "enterprise__name"]
        verbose_name = "整治对象"
        verbose_name_plural = "整治对象"
        constraints = [models.UniqueConstraint(fields=["campaign", "enterprise"], name="one_target_per_enterprise")]

    def __str__(self):
        return f"{self.campaign} · {self.enterprise}"
