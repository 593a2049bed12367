"""The yearly supervision plan (年度监督检查计划): one per year, versioned.

A plan is a draft until approved; approving it writes its planned counts (by group, month and town, from the
registry as it stands) and replaces the year's approved version before it, which stays readable. A revision is a
new draft copying the approved version's lines.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from bureau.text import refuse_controls


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    APPROVED = "approved", "已批准（现行）"
    REPLACED = "replaced", "已被新版本替代"


class PlanMethod(models.TextChoices):
    KEY = "key", "重点检查（按等级周期）"
    GENERAL = "general", "一般检查（双随机抽查）"
    NONE = "none", "不列入计划"


class PlanGroup(models.TextChoices):
    """Each operating enterprise falls in exactly one group: key supervision first, then by its grade."""

    KEY_SUPERVISION = "key_supervision", "重点监管企业"
    RED = "red", "红色等级"
    YELLOW = "yellow", "黄色等级"
    BLUE = "blue", "蓝色等级"
    GREEN = "green", "绿色等级"
    UNGRADED = "ungraded", "未定级"


class SupervisionPlanQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=PlanStatus.APPROVED)


class SupervisionPlan(models.Model):
    year = models.PositiveSmallIntegerField("年度")
    version = models.PositiveSmallIntegerField("版本", default=1)
    title = models.CharField("名称", max_length=100, validators=[refuse_controls])
    status = models.CharField("状态", max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    capacity_per_officer = models.PositiveSmallIntegerField("每名执法人员每月检查能力（家次）", default=8)
    repeat_days = models.PositiveSmallIntegerField("重复检查提醒（天）", default=30)
    # The roster's size when approved (live from the roster while a draft): the capacity's other factor.
    officers = models.PositiveSmallIntegerField("执法人员数", null=True, blank=True)
    revises = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="revisions", verbose_name="修订自"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编制人"
    )
    created_at = models.DateTimeField("编制时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准人",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)

    objects = SupervisionPlanQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = "年度监督检查计划"
        verbose_name_plural = "年度监督检查计划"
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="one_plan_version_per_year"),
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(status="approved"), name="one_approved_plan_per_year"
            ),
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(status="draft"), name="one_draft_plan_per_year"
            ),
        ]

    def __str__(self):
        return f"{self.year} 年{self.title}（第 {self.version} 版）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("plans:detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == PlanStatus.DRAFT


class PlanLine(models.Model):
    """How one group is covered: its method, and for random draws the ratio per draw and the draw months."""

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="lines", verbose_name="计划")
    group = models.CharField("企业分组", max_length=16, choices=PlanGroup.choices)
    method = models.CharField("检查方式", max_length=8, choices=PlanMethod.choices)
    ratio_percent = models.DecimalField("每次抽取比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    months = models.JSONField("抽取月份", default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "id"]
        verbose_name = "计划分组"
        verbose_name_plural = "计划分组"
        constraints = [models.UniqueConstraint(fields=["plan", "group"], name="one_line_per_plan_group")]

    def __str__(self):
        return f"{self.plan} {self.get_group_display()}"


class PlannedCount(models.Model):
    """The planned inspections of one group in one month and town, written when the plan is approved."""

    plan = models.ForeignKey(SupervisionPlan, on_delete=models.CASCADE, related_name="counts", verbose_name="计划")
    group = models.CharField("企业分组", max_length=16, choices=PlanGroup.choices)
    method = models.CharField("检查方式", max_length=8, choices=PlanMethod.choices)
    month = models.PositiveSmallIntegerField("月份")
    town = models.ForeignKey(
        "grids.GridCell", on_delete=models.PROTECT, null=True, related_name="+", verbose_name="镇街"
    )
    planned = models.PositiveIntegerField("计划检查（家次）")

    class Meta:
        ordering = ["plan", "month", "town", "group"]
        verbose_name = "计划检查数"
        verbose_name_plural = "计划检查数"

    def __str__(self):
        return f"{self.plan} {self.month} 月 {self.planned}"
