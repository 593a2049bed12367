import uuid
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
from bureau.timeline import TimelineEvent
from bureau.validators import DateWindow
from hazards.count_models import HazardCount as HazardCount  # the list's counts kept as rows (hazards/summary.py)
from hazards.criteria_models import MajorHazardCriterion  # registers the criteria under the app label hazards

# Short enough to keep each field that points at a person on one line.
USER = settings.AUTH_USER_MODEL


class HazardOrigin(models.TextChoices):
    SELF_CHECK = "self_check", "企业自查"
    INSPECTION = "inspection", "执法检查"
    EXPERT = "expert", "专家会诊"
    THIRD_PARTY = "third_party", "第三方服务机构"
    REPORT = "report", "举报"


class Category(models.TextChoices):
    BASIC = "basic", "基础管理类"
    SITE = "site", "现场管理类"


class Subcategory(models.TextChoices):
    # 基础管理类
    QUALIFICATION = "qualification", "资质证照"
    ORGANIZATION = "organization", "安全生产管理机构及人员"
    RESPONSIBILITY = "responsibility", "安全生产责任制"
    RULES = "rules", "安全生产管理制度"
    TRAINING = "training", "教育培训"
    INVESTMENT = "investment", "安全生产投入"
    EMERGENCY = "emergency", "应急管理"
    CONTRACTORS = "contractors", "相关方管理"
    BASIC_OTHER = "basic_other", "其他基础管理"
    # 现场管理类
    SITES = "sites", "作业场所"
    EQUIPMENT = "equipment", "设备设施"
    PROTECTION = "protection", "防护、保险、信号等装置装备"
    PROCESS = "process", "生产工艺"
    FIRE = "fire", "消防安全"
    ELECTRICITY = "electricity", "用电安全"
    CHEMICALS = "chemicals", "危险化学品"
    SPECIAL_WORK = "special_work", "特种作业"
    OCCUPATIONAL = "occupational", "职业卫生"
    SITE_OTHER = "site_other", "其他现场管理"


SUBCATEGORIES = {
    Category.BASIC: [
        Subcategory.QUALIFICATION,
        Subcategory.ORGANIZATION,
        Subcategory.RESPONSIBILITY,
        Subcategory.RULES,
        Subcategory.TRAINING,
        Subcategory.INVESTMENT,
        Subcategory.EMERGENCY,
        Subcategory.CONTRACTORS,
        Subcategory.BASIC_OTHER,
    ],
    Category.SITE: [
        Subcategory.SITES,
        Subcategory.EQUIPMENT,
        Subcategory.PROTECTION,
        Subcategory.PROCESS,
        Subcategory.FIRE,
        Subcategory.ELECTRICITY,
        Subcategory.CHEMICALS,
        Subcategory.SPECIAL_WORK,
        Subcategory.OCCUPATIONAL,
        Subcategory.SITE_OTHER,
    ],
}


class HazardLevel(models.TextChoices):
    GENERAL = "general", "一般事故隐患"
    MAJOR = "major", "重大事故隐患"


class HazardStatus(models.TextChoices):
    REPORTED = "reported", "已上报"
    RECTIFYING = "rectifying", "整改中"
    RECTIFIED = "rectified", "已整改"
    CLOSED = "closed", "已销号"


class HazardAction(models.TextChoices):
    """What a hazard event records; codes are stored, the screen shows the label."""

    REPORT = "report", "上报隐患"
    START = "start", "开始整改"
    RECTIFY = "rectify", "报告整改完成"
    CLOSE = "close", "验收销号"
    SEND_BACK = "send_back", "退回整改"
    REQUEST_EXTENSION = "request_extension", "申请延期"
    APPROVE_EXTENSION = "approve_extension", "批准延期"
    REFUSE_EXTENSION = "refuse_extension", "不批准延期"
    CHASE = "chase", "催办"
    # Listed supervision (hazards/listing.py): listed, changed, progress reported, accepted and removed.
    LIST = "list", "列入挂牌督办"
    LISTING_EDIT = "listing_edit", "修改挂牌督办"
    LISTING_PROGRESS = "listing_progress", "报告督办进展"
    UNLIST = "unlist", "验收摘牌"


class Suspension(models.TextChoices):
    NONE = "none", "不停产"
    PARTIAL = "partial", "局部停产停业"
    FULL = "full", "全部停产停业"


MAJOR_PLAN_FIELDS = [
    "plan_objectives",
    "plan_methods",
    "plan_funds_materials",
    "plan_organization",
    "plan_timeline",
    "plan_safety_measures",
]
NEGATIVE_FUNDS = "整改资金不能为负数。"
OPEN_STATUSES = [HazardStatus.REPORTED, HazardStatus.RECTIFYING, HazardStatus.RECTIFIED]


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


def photo_path(instance, filename):
    # Never the uploader's name: a random one, with the extension of the checked format.
    return f"hazards/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class HazardPhoto(models.Model):
    class Kind(models.TextChoices):
        FINDING = "finding", "隐患照片"
        EVIDENCE = "evidence", "整改佐证"

    EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="photos", verbose_name="隐患")
    kind = models.CharField("照片类型", max_length=8, choices=Kind.choices, default=Kind.FINDING)
    image = models.FileField("图片文件", upload_to=photo_path)
    content_type = models.CharField("文件格式", max_length=32)
    size = models.PositiveIntegerField("文件大小（字节）")
    uploaded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="上传人")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "隐患照片"
        verbose_name_plural = "隐患照片"

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def extension(self):
        return self.EXTENSIONS[self.content_type.split("/")[1].upper()]


class HazardEvent(TimelineEvent):
    """One step in a hazard's timeline: who did what, when, from which state to which."""

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="events", verbose_name="隐患")
    action = models.CharField("操作", max_length=24, choices=HazardAction.choices)
    from_status = models.CharField("原状态", max_length=12, choices=HazardStatus.choices, blank=True)
    to_status = models.CharField("新状态", max_length=12, choices=HazardStatus.choices, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = "隐患时间线"
        verbose_name_plural = "隐患时间线"

    def __str__(self):
        return f"{self.hazard_id} {self.get_action_display()}"


class DeadlineExtension(models.Model):
    """A request to move the deadline, decided by the bureau; the deadline never changes silently."""

    class Decision(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "未批准"

    hazard = models.ForeignKey(Hazard, on_delete=models.CASCADE, related_name="extensions", verbose_name="隐患")
    requested_deadline = models.DateField("申请延期至", validators=[DateWindow("整改期限")])
    previous_deadline = models.DateField("原整改期限")
    reason = FreeTextField("延期理由", max_length=2000)
    requested_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+", verbose_name="申请人")
    requested_at = models.DateTimeField("申请时间", default=timezone.now)
    decision = models.CharField("审批结果", max_length=8, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="审批人"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = FreeTextField("审批意见", max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        constraints = [
            models.UniqueConstraint(
                fields=["hazard"], condition=Q(decision="pending"), name="one_pending_extension_per_hazard"
            )
        ]

    def __str__(self):
        return f"{self.hazard_id} → {self.requested_deadline}"


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


# Listed supervision of major hazards: its own module, registered under this app label by importing it here.
from hazards import listing_models as listing_models  # noqa: E402
