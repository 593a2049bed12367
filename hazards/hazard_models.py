"""A hazard (事故隐患) of one enterprise, from its report to its closure (销号), and the reads that recur on it
(open, overdue, due within days, in a grid cell)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.text import refuse_controls
from bureau.validators import DateWindow
from hazards.choices import (
    OPEN_STATUSES,
    SUBCATEGORIES,
    Category,
    HazardLevel,
    HazardOrigin,
    HazardStatus,
    Subcategory,
    Suspension,
)
from hazards.criteria_models import MajorHazardCriterion

# Short enough to keep each field that points at a person on one line.
USER = settings.AUTH_USER_MODEL

MAJOR_PLAN_FIELDS = [
    "plan_objectives",
    "plan_methods",
    "plan_funds_materials",
    "plan_organization",
    "plan_timeline",
    "plan_safety_measures",
]
NEGATIVE_FUNDS = "整改资金不能为负数。"


def overdue_q(today):
    """Past the deadline and not closed (逾期): derived, never stored. IN, not "<> 'closed'", so the (status,
    rectification_deadline) index can answer it."""
    return Q(status__in=OPEN_STATUSES, rectification_deadline__lt=today)


class HazardQuerySet(models.QuerySet):
    def open(self):
        # IN, not "<> 'closed'": the (status, rectification_deadline) index answers it, so the dashboard counts the
        # open and overdue hazards of a city from the index alone (9 ms instead of 55 ms on 110,000 hazards).
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today=None):
        """Past the deadline and not closed (逾期): derived, never stored."""
        return self.filter(overdue_q(today or timezone.localdate()))

    def due_within(self, days, today=None):
        today = today or timezone.localdate()
        return self.open().filter(
            rectification_deadline__gte=today, rectification_deadline__lte=today + timedelta(days=days)
        )

    def in_grid(self, cell):
        return self.filter(enterprise__grid_cell__path__startswith=cell.path)


class Hazard(models.Model):
    """A hazard (事故隐患) of one enterprise and its rectification (整改) to closure (销号)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="hazards", verbose_name="企业"
    )
    source = models.CharField("来源", max_length=16, choices=HazardOrigin.choices, default=HazardOrigin.SELF_CHECK)
    found_on = models.DateField("发现日期", validators=[DateWindow("发现日期", past=True)])
    location = models.CharField("隐患部位", max_length=100, validators=[refuse_controls])
    description = FreeTextField("隐患描述", max_length=2000)
    category = models.CharField("隐患类别", max_length=8, choices=Category.choices)
    subcategory = models.CharField("隐患子类", max_length=16, choices=Subcategory.choices)
    level = models.CharField("隐患等级", max_length=8, choices=HazardLevel.choices, default=HazardLevel.GENERAL)
    rectification_deadline = models.DateField("整改期限", validators=[DateWindow("整改期限")])
    responsible_person = models.CharField("整改责任人", max_length=50, validators=[refuse_controls])
    measures = FreeTextField("整改措施", max_length=2000, blank=True)
    funds = models.DecimalField(
        "整改资金（元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=NEGATIVE_FUNDS)],
    )
    # The treatment plan a major hazard needs (安监总局令第16号 第十五条).
    plan_objectives = FreeTextField("治理的目标和任务", max_length=2000, blank=True)
    plan_methods = FreeTextField("采取的方法和措施", max_length=2000, blank=True)
    plan_funds_materials = FreeTextField("经费和物资的落实", max_length=2000, blank=True)
    plan_organization = FreeTextField("负责治理的机构和人员", max_length=2000, blank=True)
    plan_timeline = FreeTextField("治理的时限和要求", max_length=2000, blank=True)
    plan_safety_measures = FreeTextField("安全措施和应急预案", max_length=2000, blank=True)
    suspension = models.CharField("停产停业情况", max_length=8, choices=Suspension.choices, default=Suspension.NONE)
    # The item of the national criteria the hazard meets (判定依据): it is what makes a hazard major. Major hazards
    # recorded before the criteria have none (判定依据：未记录).
    criterion = models.ForeignKey(
        MajorHazardCriterion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hazards",
        verbose_name="判定依据",
    )

    status = models.CharField(
        "状态", max_length=12, choices=HazardStatus.choices, default=HazardStatus.REPORTED, db_index=True
    )
    # Bumped by every transition: a form posted against an older version is refused (no lost update).
    version = models.PositiveIntegerField("版本号", default=1)
    self_check = models.ForeignKey(
        "SelfCheck", on_delete=models.SET_NULL, null=True, blank=True, related_name="hazards", verbose_name="所属自查"
    )
    reported_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="上报人")
    reported_at = models.DateTimeField("上报时间", default=timezone.now)
    rectified_on = models.DateField("整改完成日期", null=True, blank=True, validators=[DateWindow("整改完成日期")])
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)

    objects = HazardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-found_on", "-id"]
        verbose_name = "事故隐患"
        verbose_name_plural = "事故隐患"
        indexes = [
            models.Index(fields=["status", "rectification_deadline"]),
            models.Index(fields=["enterprise", "status"]),
            models.Index(fields=["found_on"]),
            # The list's order (-found_on, -id), read backwards: its pages are read by key (bureau.pagination).
            models.Index(fields=["found_on", "id"], name="hazards_found_on_id_idx"),
            # The open hazards by deadline, with their enterprise: a grid page's overdue list is read in deadline
            # order, each checked against its enterprise's town, until ten; a town's overdue count is read from
            # here alone (hazards/panels.py). Only open hazards: closed ones, most of them, are never read here.
            models.Index(
                fields=["rectification_deadline", "enterprise"],
                name="hazards_open_deadline_idx",
                condition=models.Q(status__in=OPEN_STATUSES),
            ),
            # The major hazards board (hazards.listing_board): its counts read only major hazards (a few per cent),
            # by status and found_on, with every other column they use included so the index alone answers them.
            models.Index(
                fields=["status", "found_on"],
                include=["closed_at", "enterprise", "id", "level"],
                condition=Q(level=HazardLevel.MAJOR),
                name="hazards_major_idx",
            ),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.location}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("hazards:detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.category and self.subcategory and self.subcategory not in SUBCATEGORIES[self.category]:
            errors["subcategory"] = f"“{self.get_subcategory_display()}”不属于{self.get_category_display()}。"
        if self.found_on and self.rectification_deadline and self.rectification_deadline < self.found_on:
            errors["rectification_deadline"] = "整改期限不能早于发现日期。"
        if self.criterion_id is not None and self.level != HazardLevel.MAJOR:
            errors["level"] = "符合重大事故隐患判定标准条目的隐患应为重大事故隐患。"
        if self.level == HazardLevel.MAJOR:
            for name in MAJOR_PLAN_FIELDS:
                if not getattr(self, name).strip():
                    errors[name] = f"重大事故隐患须填写治理方案：{self._meta.get_field(name).verbose_name}。"
        if errors:
            raise ValidationError(errors)

    @property
    def is_overdue(self):
        """overdue_q for one hazard in hand (the status badge)."""
        return self.status in OPEN_STATUSES and self.rectification_deadline < timezone.localdate()

    @property
    def is_major(self):
        return self.level == HazardLevel.MAJOR
