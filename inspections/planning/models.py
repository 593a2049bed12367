"""双随机 draws and the officer roster they draw from.

A draw is written twice and never changed: prepared (criteria, the pool and roster as they stood, the seed's
SHA-256; the seed itself kept but not shown) and run (a DrawRun and the drawn enterprises, revealing the seed). A
redraw is a new draw naming the one it replaces and why. The append-only rows refuse save() on an existing row,
delete(), and the queryset's update() and delete().
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from bureau.text import refuse_controls
from inspections.planning import algorithm


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("双随机抽取记录只能新增，不能修改。")

    def delete(self):
        raise ValidationError("双随机抽取记录只能新增，不能删除。")


class AppendOnly(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError("双随机抽取记录只能新增，不能修改。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("双随机抽取记录只能新增，不能删除。")


class OfficerCredential(models.Model):
    """An inspector on the roster (执法人员名录): the enforcement certificate number, and whether on leave."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credential", verbose_name="执法人员"
    )
    certificate_number = models.CharField(
        "执法证号",
        max_length=32,
        unique=True,
        validators=[refuse_controls],
        error_messages={"unique": "该执法证号已登记。"},
    )
    on_leave = models.BooleanField("休假或借调（不参加抽取）", default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["certificate_number"]
        verbose_name = "执法证"
        verbose_name_plural = "执法人员名录"

    def __str__(self):
        return f"{self.user.first_name or self.user.username}（{self.certificate_number}）"


class OfficerConflict(models.Model):
    """An enterprise an officer must not inspect (回避), as declared, with why."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts", verbose_name="执法人员"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="officer_conflicts", verbose_name="回避企业"
    )
    reason = models.CharField("回避原因", max_length=200, validators=[refuse_controls])
    declared_on = models.DateField("申报日期")
    history = HistoricalRecords()

    class Meta:
        ordering = ["officer", "enterprise"]
        verbose_name = "回避申报"
        verbose_name_plural = "回避申报"
        constraints = [models.UniqueConstraint(fields=["officer", "enterprise"], name="one_conflict_per_pair")]

    def __str__(self):
        return f"{self.officer} 回避 {self.enterprise}"


class Draw(AppendOnly):
    """One 双随机 draw as prepared: what it draws from, how many, and the seed it is committed to."""

    title = models.CharField("名称", max_length=100, validators=[refuse_controls])
    year = models.PositiveSmallIntegerField("年度")
    month = models.PositiveSmallIntegerField("月份")
    # {"towns": [cell codes], "industries": [codes], "categories": [codes], "grades": [codes], "recent_days": n|null}
    criteria = models.JSONField("对象库条件")
    pool_codes = models.JSONField("对象库（统一社会信用代码，按代码升序）")
    pool_ids = models.JSONField("对象库企业编号（与信用代码一一对应）")
    # Kept beside the snapshot so lists show it without reading the snapshot (a city's codes) row by row.
    pool_size = models.PositiveIntegerField("对象库家数")
    # [{"certificate": …, "user_id": …, "name": …, "conflicts": [credit codes in the pool]}], by certificate
    roster = models.JSONField("执法人员名录快照")
    count = models.PositiveIntegerField("抽取家数", null=True, blank=True)
    ratio_percent = models.DecimalField("抽取比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    seed_hash = models.CharField("种子 SHA-256", max_length=64)
    # Shown only once the draw has run (Draw.revealed_seed); until then only its hash is.
    seed = models.CharField("种子", max_length=64)
    algorithm_version = models.PositiveSmallIntegerField("算法版本", default=algorithm.ALGORITHM_VERSION)
    replaces = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="redraws", verbose_name="重新抽取自"
    )
    redraw_reason = models.CharField("重新抽取原因", max_length=300, blank=True, validators=[refuse_controls])
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    prepared_at = models.DateTimeField("发起时间", auto_now_add=True)

    # The big columns, left out (defer) wherever a draw is only named or listed. The pool is the bulk (a province's
    # is megabytes); the roster is a few officers.
    POOL = ("pool_codes", "pool_ids")
    SNAPSHOTS = (*POOL, "roster")

    class Meta:
        ordering = ["-prepared_at", "-id"]
        verbose_name = "双随机抽取"
        verbose_name_plural = "双随机抽取"

    def __str__(self):
        return f"{self.year}年{self.month}月 {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("draws:detail", args=[self.pk])

    @property
    def size(self):
        """N, from the snapshot itself (not the stored pool_size, which draw_verify checks against it)."""
        return algorithm.draw_size(len(self.pool_codes), count=self.count, ratio_percent=self.ratio_percent)

    @property
    def listed_size(self):
        """N from the stored pool_size, for pages that show a draw without reading its pool (the pool's own length is
        what `size` and the record use; draw_verify checks the two agree)."""
        return algorithm.draw_size(self.pool_size, count=self.count, ratio_percent=self.ratio_percent)

    def roster_officers(self):
        return [algorithm.Officer(o["certificate"], frozenset(o["conflicts"])) for o in self.roster]

    def run_or_none(self):
        try:
            return self.run
        except DrawRun.DoesNotExist:
            return None

    @property
    def revealed_seed(self):
        return self.seed if self.run_or_none() is not None else ""


class DrawRun(AppendOnly):
    """The moment a prepared draw was run: the seed is public from then on."""

    draw = models.OneToOneField(Draw, on_delete=models.PROTECT, related_name="run", verbose_name="抽取")
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="执行人"
    )
    run_at = models.DateTimeField("执行时间", auto_now_add=True)
    # The local day, from which an inspection of a drawn enterprise by its pair closes their task.
    run_on = models.DateField("执行日期")

    class Meta:
        verbose_name = "抽取执行"
        verbose_name_plural = "抽取执行"

    def __str__(self):
        return f"{self.draw} 执行于 {self.run_at:%Y-%m-%d %H:%M}"


class DrawnEnterprise(AppendOnly):
    """One enterprise drawn, in drawn order, with the two officers drawn to inspect it: their inspection task."""

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="drawn", verbose_name="抽取")
    position = models.PositiveIntegerField("抽中次序")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="draws", verbose_name="企业"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18)
    officer_1 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="执法人员一"
    )
    certificate_1 = models.CharField("执法证号一", max_length=32, blank=True)
    officer_2 = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name="执法人员二"
    )
    certificate_2 = models.CharField("执法证号二", max_length=32, blank=True)

    class Meta:
        ordering = ["draw", "position"]
        verbose_name = "抽中企业"
        verbose_name_plural = "抽中企业"
        constraints = [models.UniqueConstraint(fields=["draw", "position"], name="one_drawn_per_position")]

    def __str__(self):
        return f"{self.draw} 第 {self.position} 家 {self.credit_code}"

    def as_drawn(self):
        officers = tuple(c for c in (self.certificate_1, self.certificate_2) if c)
        return algorithm.Drawn(self.credit_code, officers)


class DrawPublication(AppendOnly):
    """A run draw made public (公示) on /public/, with its result and the directories it was drawn from: by whom,
    when. Once published it stays published: the public record is part of what makes a draw checkable."""

    draw = models.OneToOneField(Draw, on_delete=models.PROTECT, related_name="publication", verbose_name="抽取")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="公示人"
    )
    published_at = models.DateTimeField("公示时间", auto_now_add=True)

    class Meta:
        verbose_name = "抽取公示"
        verbose_name_plural = "抽取公示"

    def __str__(self):
        return f"{self.draw} 公示于 {self.published_at:%Y-%m-%d %H:%M}"
