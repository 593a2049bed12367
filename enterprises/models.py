from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.text import refuse_controls
from bureau.validators import DateWindow
from enterprises.industries import Industry as Industry  # defined with its GB/T 4754 codes; imported from here
from enterprises.industries import standard_codes
from enterprises.validators import validate_credit_code
from grids.models import GridCell, GridLevel


class EnterpriseStatus(models.TextChoices):
    OPERATING = "operating", "在营"
    SUSPENDED = "suspended", "停产整顿"
    CLOSED = "closed", "关闭取缔"


class ServiceMode(models.TextChoices):
    NONE = "none", "无"
    ALLIANCE = "alliance", "行业互助联盟"
    AGENCY = "agency", "委托外包"


class RiskGrade(models.TextChoices):
    GREEN = "green", "绿（服务对象）"
    BLUE = "blue", "蓝（一般监管对象）"
    YELLOW = "yellow", "黄（重点对象）"
    RED = "red", "红（打击取缔对象）"


class SpecialCategory(models.Model):
    """涉尘, 有限空间, 喷涂作业, …: the kinds of site that campaigns and checklists single out."""

    code = models.SlugField("代码", max_length=32, unique=True)
    name = models.CharField("名称", max_length=32, unique=True, validators=[refuse_controls])
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = "特殊类别"
        verbose_name_plural = "特殊类别"

    def __str__(self):
        return self.name


class EnterpriseQuerySet(models.QuerySet):
    def in_grid(self, cell):
        """Enterprises in the subtree of a grid cell: one indexed prefix query on the cell's path."""
        return self.filter(grid_cell__path__startswith=cell.path)

    def operating(self):
        return self.exclude(status=EnterpriseStatus.CLOSED)


class Enterprise(models.Model):
    """A production or business unit (生产经营单位) in the registry."""

    name = models.CharField("单位名称", max_length=200, db_index=True, validators=[refuse_controls])
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        validators=[refuse_controls, validate_credit_code],
        error_messages={"unique": "该统一社会信用代码已登记。"},
    )
    industry = models.CharField("行业", max_length=32, choices=Industry.choices, default=Industry.OTHER)
    grid_cell = models.ForeignKey(
        "grids.GridCell", on_delete=models.PROTECT, related_name="enterprises", verbose_name="所在网格"
    )
    # The town follows from the cell; kept here so lists group and count by town without walking the tree.
    town = models.ForeignKey(
        "grids.GridCell",
        on_delete=models.PROTECT,
        related_name="town_enterprises",
        editable=False,
        null=True,
        verbose_name="所属镇街",
    )
    address = models.CharField("地址", max_length=200, blank=True, validators=[refuse_controls])
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True, validators=[refuse_controls])
    safety_contact = models.CharField("安全生产主要负责人", max_length=50, blank=True, validators=[refuse_controls])
    safety_phone = models.CharField("联系电话", max_length=32, blank=True, validators=[refuse_controls])
    employees = models.PositiveIntegerField("从业人数", default=0)
    status = models.CharField(
        "经营状态", max_length=16, choices=EnterpriseStatus.choices, default=EnterpriseStatus.OPERATING
    )
    special_categories = models.ManyToManyField(
        SpecialCategory, blank=True, related_name="enterprises", verbose_name="特殊类别"
    )
    uses_hazardous_chemicals = models.BooleanField("使用或储存危险化学品", default=False)
    key_supervision = models.BooleanField("重点监管企业", default=False)
    service_mode = models.CharField(
        "社会化服务模式", max_length=16, choices=ServiceMode.choices, default=ServiceMode.NONE
    )
    service_provider = models.CharField(
        "互助联盟或服务机构名称", max_length=100, blank=True, validators=[refuse_controls]
    )
    association_member = models.BooleanField("市安全生产协会会员", default=False)
    # The latest GradeChange, kept here by enterprises.services so lists filter and count by grade cheaply.
    grade = models.CharField("四色等级", max_length=8, choices=RiskGrade.choices, blank=True, editable=False)
    # Filled by the inspections app when an inspection is recorded; drives the due list.
    last_inspected_on = models.DateField("最近检查日期", null=True, blank=True, editable=False)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=["special_categories"])

    class Meta:
        ordering = ["name", "id"]
        verbose_name = "生产经营单位"
        verbose_name_plural = "生产经营单位"
        indexes = [
            models.Index(fields=["town", "grade"]),
            models.Index(fields=["grade", "last_inspected_on"]),
            # The registry's order: its pages are read by key from here (bureau.pagination), however deep.
            models.Index(fields=["name", "id"], name="enterprises_name_id_idx"),
            # A town's enterprises by id from the index alone: joined to a town's open hazards (the grid page's
            # overdue count) without reading the enterprises themselves.
            models.Index(fields=["town", "id"], name="enterprises_town_id_idx"),
            # The due list (enterprises.due), closed enterprises never being due. Its page: a town's enterprises
            # of one grade in the list's order (never inspected first, then the oldest inspection), read from the
            # front until the page is full. Its per-town counts: one range per grade, read from the index alone.
            models.Index(
                F("town"),
                F("grade"),
                F("last_inspected_on").asc(nulls_first=True),
                F("name"),
                name="enterprises_due_page_idx",
                condition=~Q(status="closed"),
            ),
            models.Index(
                F("grade"),
                F("last_inspected_on").asc(nulls_first=True),
                F("town"),
                name="enterprises_due_count_idx",
                condition=~Q(status="closed"),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.town_id = self.town_for(self.grid_cell)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("enterprises:detail", args=[self.pk])

    @property
    def industry_codes(self):
        """The industry's GB/T 4754-2017 codes as one line ("C13"), for the dossier."""
        return standard_codes(self.industry) if self.industry else ""

    @staticmethod
    def town_for(cell):
        """The pk of the level-2 cell above `cell`, found from its path without a query when cached."""
        if cell is None:
            return None
        if cell.level == GridLevel.TOWN:
            return cell.pk
        town_code = cell.path.strip("/").split("/")[1] if cell.level > GridLevel.TOWN else None
        return GridCell.objects.filter(code=town_code).values_list("pk", flat=True).first() if town_code else None

    def clean(self):
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
        if self.grid_cell_id and self.grid_cell.level != GridLevel.VILLAGE:
            raise ValidationError({"grid_cell": "企业应落在四级网格（村居网格）中。"})
        if self.service_mode != ServiceMode.NONE and not self.service_provider.strip():
            label = "互助联盟" if self.service_mode == ServiceMode.ALLIANCE else "受托服务机构"
            raise ValidationError({"service_provider": f"请填写{label}名称。"})
        if self.service_mode == ServiceMode.NONE:
            self.service_provider = ""


class GradeChange(models.Model):
    """One decision on an enterprise's four-colour grade; the latest is the current grade."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="grade_changes", verbose_name="企业"
    )
    grade = models.CharField("四色等级", max_length=8, choices=RiskGrade.choices)
    effective_date = models.DateField("生效日期", validators=[DateWindow("生效日期")])
    reason = FreeTextField("调整理由", max_length=2000)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = "等级调整记录"
        verbose_name_plural = "等级调整记录"
        # The grade in force on a day (the ranking asks it of every enterprise): the latest change up to then.
        indexes = [models.Index(fields=["enterprise", "effective_date", "id"])]

    def __str__(self):
        return f"{self.enterprise} → {self.get_grade_display()}（{self.effective_date}）"


class EnterpriseMembership(models.Model):
    """An enterprise user's enterprise: the one unit whose dossier, hazards and self-checks the user sees.
    Kept here, not on accounts.Profile, so that accounts (layer 1) points at nothing above it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enterprise_membership", verbose_name="用户"
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="memberships", verbose_name="所属企业"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "企业用户"
        verbose_name_plural = "企业用户"

    def __str__(self):
        return f"{self.user.username}（{self.enterprise}）"


class InspectionInterval(models.Model):
    """How often an enterprise of each grade must be inspected (差别化监督检查), set by staff."""

    DEFAULT_DAYS = {RiskGrade.RED: 30, RiskGrade.YELLOW: 90, RiskGrade.BLUE: 180, RiskGrade.GREEN: 365}

    grade = models.CharField("四色等级", max_length=8, choices=RiskGrade.choices, unique=True)
    days = models.PositiveIntegerField("检查周期（天）")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "检查周期"
        verbose_name_plural = "检查周期"

    def __str__(self):
        return f"{self.get_grade_display()}：{self.days} 天"

    def clean(self):
        if not 1 <= (self.days or 0) <= 3650:
            raise ValidationError({"days": "检查周期应在 1 到 3650 天之间。"})

    @classmethod
    def days_by_grade(cls):
        days = dict(cls.DEFAULT_DAYS)
        days.update(dict(cls.objects.values_list("grade", "days")))
        return days


class MajorHazardSource(models.Model):
    """A registered major hazard source (重大危险源) and the state of its automated control system."""

    class Level(models.IntegerChoices):
        ONE = 1, "一级"
        TWO = 2, "二级"
        THREE = 3, "三级"
        FOUR = 4, "四级"

    class ControlSystem(models.TextChoices):
        NONE = "none", "未安装"
        INSTALLING = "installing", "安装中"
        ACCEPTED = "accepted", "已验收"

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="major_hazard_sources", verbose_name="企业"
    )
    name = models.CharField("名称", max_length=100, validators=[refuse_controls])
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices)
    control_system = models.CharField(
        "自动化控制系统", max_length=16, choices=ControlSystem.choices, default=ControlSystem.NONE
    )
    registered_on = models.DateField("备案日期", null=True, blank=True, validators=[DateWindow("备案日期")])

    history = HistoricalRecords()

    class Meta:
        ordering = ["level", "name"]
        verbose_name = "重大危险源"
        verbose_name_plural = "重大危险源"

    def __str__(self):
        return f"{self.name}（{self.get_level_display()}）"


class EnterpriseCount(models.Model):
    """How many enterprises share one (town, grade, status, key supervision, service mode): the registry's counts
    kept as rows, so the pages that count the whole registry read a few hundred rows instead of every enterprise.

    Kept by database triggers on the enterprise table (enterprises/summary.py), in the same transaction as every
    write, whichever way it is written (save, .update(), bulk_create, raw SQL); `rebuild_summaries` recomputes them.
    Never written by the portal's code otherwise."""

    # The town's GridCell pk, 0 for an enterprise without a town (its cell above town level): a plain column, so
    # the key is unique without NULLs on every database.
    town_key = models.PositiveIntegerField("镇街")
    grade = models.CharField("四色等级", max_length=8, blank=True)
    status = models.CharField("经营状态", max_length=16)
    key_supervision = models.BooleanField("重点监管企业")
    service_mode = models.CharField("社会化服务模式", max_length=16)
    n = models.IntegerField("企业数")

    class Meta:
        verbose_name = "企业计数"
        verbose_name_plural = "企业计数"
        constraints = [
            models.UniqueConstraint(
                fields=["town_key", "grade", "status", "key_supervision", "service_mode"], name="enterprise_count_key"
            )
        ]

    def __str__(self):
        return f"{self.town_key}/{self.grade}/{self.status}: {self.n}"


class LastInspectedCount(models.Model):
    """How many operating enterprises (not closed) of one (town, grade) were last inspected on one day: the due list's
    counts by town as sums of rows over a range of days, whatever the size of the registry. Kept by database triggers
    on the enterprise table (enterprises/due_summary.py) as EnterpriseCount is; `rebuild_summaries` recomputes them."""

    town_key = models.PositiveIntegerField("镇街")  # as EnterpriseCount's: 0 for no town
    grade = models.CharField("四色等级", max_length=8, blank=True)
    # NEVER_INSPECTED (a day before any cutoff) for an enterprise never inspected: a plain column, unique without NULL.
    last_inspected_on = models.DateField("最近检查日期")
    n = models.IntegerField("企业数")

    class Meta:
        verbose_name = "最近检查日期计数"
        verbose_name_plural = "最近检查日期计数"
        constraints = [
            models.UniqueConstraint(fields=["town_key", "grade", "last_inspected_on"], name="last_inspected_count_key")
        ]

    def __str__(self):
        return f"{self.town_key}/{self.grade}/{self.last_inspected_on}: {self.n}"
