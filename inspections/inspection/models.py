"""The inspection itself (监督检查): one enterprise-visit, its checklist and the results."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeCharField, FreeTextField
from bureau.text import refuse_controls
from bureau.validators import DateWindow
from enterprises.models import Industry


class InspectionKind(models.TextChoices):
    ROUTINE = "routine", "按等级计划检查"
    CAMPAIGN = "campaign", "专项整治检查"
    COMPLAINT = "complaint", "举报投诉核查"
    RECHECK = "recheck", "整改复查"
    RANDOM = "random", "双随机抽查"
    ACCIDENT = "accident", "事故调查"


class Inspection(models.Model):
    """One enterprise-visit (家次) by at least two inspectors."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="inspections", verbose_name="被检查单位"
    )
    date = models.DateField("检查日期", default=timezone.localdate, validators=[DateWindow("检查日期", past=True)])
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="inspections", verbose_name="执法人员")
    experts = models.ManyToManyField(
        "inspections.Expert", blank=True, related_name="inspections", verbose_name="参检专家"
    )
    kind = models.CharField("检查类型", max_length=16, choices=InspectionKind.choices, default=InspectionKind.ROUTINE)
    campaign = models.ForeignKey(
        "inspections.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="inspections",
        verbose_name="所属专项整治",
    )
    summary = FreeTextField("检查情况", max_length=5000, blank=True)
    # The hazards this inspection found: the link lives here, so hazards never needs to know of inspections.
    hazards = models.ManyToManyField("hazards.Hazard", blank=True, related_name="inspections", verbose_name="发现隐患")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "监督检查"
        verbose_name_plural = "监督检查"
        indexes = [models.Index(fields=["date"]), models.Index(fields=["enterprise", "date"])]

    def __str__(self):
        return f"{self.date} {self.enterprise}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("inspections:detail", args=[self.pk])


class ChecklistItem(models.Model):
    """An item of the inspection checklist; chosen for an enterprise by its industry and special categories.

    An item with neither industry nor category applies to every enterprise.
    """

    text = models.CharField("检查内容", max_length=200, validators=[refuse_controls])
    basis = models.CharField("依据", max_length=200, blank=True, validators=[refuse_controls])
    industry = models.CharField("适用行业", max_length=32, choices=Industry.choices, blank=True)
    category = models.ForeignKey(
        "enterprises.SpecialCategory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name="适用特殊类别",
    )
    # An item whose failure meets an item of the major-hazard criteria: its hazard is major on its own.
    criterion = models.ForeignKey(
        "hazards.MajorHazardCriterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="checklist_items",
        verbose_name="重大事故隐患判定依据",
    )
    position = models.PositiveSmallIntegerField(default=0, verbose_name="排序")
    active = models.BooleanField(default=True, verbose_name="启用")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "检查项"
        verbose_name_plural = "检查表"

    def __str__(self):
        return self.text


def check_photo_path(instance, filename):
    return f"inspections/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.photo_extension}"


class InspectionCheck(models.Model):
    class Result(models.TextChoices):
        PASSED = "passed", "符合"
        FAILED = "failed", "不符合"
        NOT_APPLICABLE = "na", "不适用"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="checks", verbose_name="所属检查")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+", verbose_name="检查项")
    result = models.CharField("结果", max_length=8, choices=Result.choices)
    note = FreeCharField("说明", max_length=300, blank=True)
    photo = models.FileField(upload_to=check_photo_path, blank=True, verbose_name="现场照片")
    photo_content_type = models.CharField(max_length=32, blank=True, verbose_name="照片格式")
    hazard = models.OneToOneField(
        "hazards.Hazard",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inspection_check",
        verbose_name="形成的隐患",
    )

    class Meta:
        ordering = ["item__position", "item_id"]
        verbose_name = "检查结果"
        verbose_name_plural = "检查结果"
        constraints = [models.UniqueConstraint(fields=["inspection", "item"], name="one_result_per_item")]

    def __str__(self):
        return f"{self.item} · {self.get_result_display()}"

    @property
    def photo_extension(self):
        return {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "image/gif": "gif"}[
            self.photo_content_type
        ]
