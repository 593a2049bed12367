"""Quarterly assessment of towns/streets: the scoring scheme, pre-deductions, accidents, rankings, bulletins."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.quarters import Quarter


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

    name = models.CharField("方案名称", max_length=100)
    valid_from_year = models.PositiveSmallIntegerField("起用年度")
    valid_from_quarter = models.PositiveSmallIntegerField("起用季度", choices=[(n, f"第{n}季度") for n in (1, 2, 3, 4)])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    created_at = models.DateTimeField(auto_now_add=True)

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

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="indicators")
    rule = models.CharField("计分规则", max_length=32, choices=IndicatorRule.choices)
    name = models.CharField("指标名称", max_length=50)
    weight = models.DecimalField("分值", max_digits=5, decimal_places=1)
    # Deductions per item, for the rules that deduct (overdue hazards, accidents).
    per_item = models.DecimalField("每项扣分", max_digits=5, decimal_places=1, default=0)
    per_major = models.DecimalField("重大项／死亡每项扣分", max_digits=5, decimal_places=1, default=0)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        constraints = [models.UniqueConstraint(fields=["scheme", "rule"], name="one_indicator_per_rule")]

    def __str__(self):
        return f"{self.name}（{self.weight} 分）"


class Accident(models.Model):
    """A production safety accident (生产安全事故), for the deductions of the quarter it happened in."""

    date = models.DateField("发生日期")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="accidents", verbose_name="事故单位"
    )
    deaths = models.PositiveSmallIntegerField("死亡人数", default=0)
    injuries = models.PositiveSmallIntegerField("受伤人数", default=0)
    summary = models.TextField("事故概况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = "生产安全事故"
        verbose_name_plural = "生产安全事故"

    def __str__(self):
        return f"{self.date} {self.enterprise}"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": "发生日期不能晚于今天。"})


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


class Ranking(models.Model):
    """The published result for one quarter. Replaced whole, in one transaction, by each computation."""

    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rankings")
    computed_at = models.DateTimeField("计算时间")
    # What the computation read, so a figure can be explained: the quarter's dates, intervals used, counts.
    inputs = models.JSONField(default=dict)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "-quarter"]
        verbose_name = "季度排名"
        verbose_name_plural = "季度排名"
        constraints = [models.UniqueConstraint(fields=["year", "quarter"], name="one_ranking_per_quarter")]

    def __str__(self):
        return f"{self.quarter_obj.label}排名"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("rankings:detail", args=[self.quarter_obj.slug])

    @property
    def quarter_obj(self):
        return Quarter(self.year, self.quarter)


class RankingRow(models.Model):
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="rows")
    town = models.ForeignKey("grids.GridCell", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("指标得分", max_digits=6, decimal_places=2)
    pre_deduction = models.DecimalField("预扣分", max_digits=6, decimal_places=2, default=0)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField("名次")
    previous_rank = models.PositiveSmallIntegerField("上季度名次", null=True, blank=True)

    class Meta:
        ordering = ["rank", "town__code"]
        constraints = [models.UniqueConstraint(fields=["ranking", "town"], name="one_row_per_town")]

    def __str__(self):
        return f"{self.town} {self.total}"

    @property
    def change(self):
        """Places gained since last quarter (positive = rose)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class IndicatorScore(models.Model):
    row = models.ForeignKey(RankingRow, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField("指标值", max_digits=9, decimal_places=4, null=True)
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    # The counts the value came from, e.g. {"done": 12, "due": 15}.
    inputs = models.JSONField(default=dict)

    class Meta:
        ordering = ["indicator__position"]
        constraints = [models.UniqueConstraint(fields=["row", "indicator"], name="one_score_per_indicator")]

    def __str__(self):
        return f"{self.indicator.name}: {self.points}"


class RankingRunQuerySet(models.QuerySet):
    def active(self):
        """Queued or running, and recent: a run whose worker died is not waited for forever."""
        return self.filter(
            status__in=[RankingRun.Status.QUEUED, RankingRun.Status.RUNNING],
            requested_at__gte=timezone.now() - RankingRun.STALE_AFTER,
        )


class RankingRun(models.Model):
    """One request to compute a quarter: shown while it runs; the ranking itself appears only when it succeeds."""

    # Computing a city's quarter takes seconds; a run still "running" after this long lost its worker.
    STALE_AFTER = timedelta(hours=1)

    class Status(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "计算中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    message = models.CharField(max_length=300, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = RankingRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self):
        return f"{self.year}Q{self.quarter} {self.get_status_display()}"

    @property
    def quarter_obj(self):
        return Quarter(self.year, self.quarter)

    @property
    def is_active(self):
        active = self.status in (self.Status.QUEUED, self.Status.RUNNING)
        return active and self.requested_at >= timezone.now() - self.STALE_AFTER

    # State changes are single UPDATEs of the named fields: the worker reports progress while the page reads the
    # run, and a stale instance must not write back fields another process changed.
    def _update(self, runs=None, **fields):
        if (runs if runs is not None else RankingRun.objects).filter(pk=self.pk).update(**fields):
            for name, value in fields.items():
                setattr(self, name, value)

    def mark_enqueued(self, task_id):
        self._update(task_id=task_id or "")

    def mark_running(self, progress=5):
        self._update(status=self.Status.RUNNING, progress=progress)

    def report_progress(self, percent):
        self._update(progress=percent)

    def mark_done(self):
        self._update(status=self.Status.DONE, progress=100, finished_at=timezone.now())

    def mark_failed(self, error):
        self._update(status=self.Status.FAILED, message=str(error)[:300], finished_at=timezone.now())

    def mark_not_enqueued(self):
        """The broker could not be reached. Only a run still queued: one that ran eagerly and failed says why."""
        self._update(
            RankingRun.objects.filter(status=self.Status.QUEUED),
            status=self.Status.FAILED,
            message="任务队列暂时不可用，排名未能开始计算，请稍后再试。现有排名保持不变。",
            finished_at=timezone.now(),
        )


class Bulletin(models.Model):
    """A quarterly bulletin (通报) generated from a ranking: draft, then published by staff."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    ranking = models.ForeignKey(Ranking, on_delete=models.PROTECT, related_name="bulletins")
    number = models.CharField("文号", max_length=40, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    # The ranking table as it stood when the bulletin was written: a later recomputation never changes it.
    snapshot = models.JSONField(default=dict)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "季度通报"
        verbose_name_plural = "季度通报"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("bulletins:detail", args=[self.pk])


class BulletinSequence(models.Model):
    year = models.PositiveSmallIntegerField(unique=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Accountability(models.Model):
    """追责: people referred for criminal liability or disciplined after accidents, and accountability bulletins."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "移送追究刑事责任"
        DISCIPLINE = "discipline", "追究党政纪责任"
        BULLETIN = "bulletin", "通报问责"

    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    person_count = models.PositiveSmallIntegerField("涉及人数", default=1)
    summary = models.TextField("情况摘要")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "责任追究"
        verbose_name_plural = "责任追究"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.person_count} 人"

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = "日期不能晚于今天。"
        if self.person_count is not None and self.person_count < 1:
            errors["person_count"] = "涉及人数至少为 1。"
        if errors:
            raise ValidationError(errors)
