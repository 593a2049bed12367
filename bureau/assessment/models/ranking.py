"""A quarter's ranking (replaced whole by each computation), its rows and scores, and the runs that compute it."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.assessment.models.scheme import Indicator, Scheme
from bureau.quarters import Quarter


class Ranking(models.Model):
    """The published result for one quarter. Replaced whole, in one transaction, by each computation."""

    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="rankings", verbose_name="考核方案")
    computed_at = models.DateTimeField("计算时间")
    # What the computation read, so a figure can be explained: the quarter's dates, intervals used, counts.
    inputs = models.JSONField(default=dict, verbose_name="计算依据")

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
    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="rows", verbose_name="季度排名")
    town = models.ForeignKey("grids.GridCell", on_delete=models.PROTECT, related_name="+", verbose_name="镇街")
    score = models.DecimalField("指标得分", max_digits=6, decimal_places=2)
    pre_deduction = models.DecimalField("预扣分", max_digits=6, decimal_places=2, default=0)
    total = models.DecimalField("总分", max_digits=6, decimal_places=2)
    rank = models.PositiveSmallIntegerField("名次")
    previous_rank = models.PositiveSmallIntegerField("上季度名次", null=True, blank=True)

    class Meta:
        ordering = ["rank", "town__code"]
        verbose_name = "排名行"
        verbose_name_plural = "排名行"
        constraints = [models.UniqueConstraint(fields=["ranking", "town"], name="one_row_per_town")]

    def __str__(self):
        return f"{self.town} {self.total}"

    @property
    def change(self):
        """Places gained since last quarter (positive = rose)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank


class IndicatorScore(models.Model):
    row = models.ForeignKey(RankingRow, on_delete=models.CASCADE, related_name="scores", verbose_name="排名行")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+", verbose_name="考核指标")
    value = models.DecimalField("指标值", max_digits=9, decimal_places=4, null=True)
    points = models.DecimalField("得分", max_digits=6, decimal_places=2)
    # The counts the value came from, e.g. {"done": 12, "due": 15}.
    inputs = models.JSONField(default=dict, verbose_name="计算依据")

    class Meta:
        ordering = ["indicator__position"]
        verbose_name = "指标得分"
        verbose_name_plural = "指标得分"
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

    year = models.PositiveSmallIntegerField(verbose_name="年度")
    quarter = models.PositiveSmallIntegerField(verbose_name="季度")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED, verbose_name="状态")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    message = models.CharField(max_length=300, blank=True, verbose_name="说明")
    task_id = models.CharField(max_length=64, blank=True, verbose_name="任务编号")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="申请人",
    )
    requested_at = models.DateTimeField(default=timezone.now, verbose_name="申请时间")
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="完成时间")

    objects = RankingRunQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "计算任务"
        verbose_name_plural = "计算任务"

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
