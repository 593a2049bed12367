"""The violation library (违法行为库): each violation with its versions and their discretion levels (裁量等级), and
the violations found in a case (CaseViolation), each decided on the version it used."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.text import refuse_controls
from inspections.enforcement.violations import CIRCUMSTANCES, LevelTerms, PartyKind, Range, Terms


def _money(label, **options):
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="金额不能为负数。")],
        **options,
    )


def _range(low, high):
    return None if low is None or high is None else Range(low, high)


class VersionLocked(ValidationError):
    pass


class _Immutable(models.Model):
    """Saved once: an edit is a new version, so a case keeps reading the terms it was decided on."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise VersionLocked("违法行为库的版本保存后不能修改；修改请保存为新版本。")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise VersionLocked("违法行为库的版本不能删除。")


class Violation(models.Model):
    """One kind of violation (e.g. 未按照规定对从业人员进行安全生产教育和培训); its terms live in its versions."""

    code = models.CharField("编号", max_length=20, unique=True, validators=[refuse_controls])
    title = models.CharField("违法行为", max_length=200, validators=[refuse_controls])
    # The newest version: set by the service that adds one (versions never change).
    current = models.OneToOneField(
        "ViolationVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="现行版本"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = "违法行为"
        verbose_name_plural = "违法行为库"

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("violations:detail", args=[self.pk])


class ViolationVersion(_Immutable):
    violation = models.ForeignKey(Violation, on_delete=models.PROTECT, related_name="versions", verbose_name="违法行为")
    number = models.PositiveIntegerField("版本号")
    law = models.CharField("法律法规", max_length=100, validators=[refuse_controls])
    article = models.CharField("违反条款", max_length=40, validators=[refuse_controls])
    clause = models.CharField("款、项", max_length=40, blank=True, validators=[refuse_controls])
    violated_text = FreeTextField("违法行为表述", max_length=2000)
    penalty_article = models.CharField("处罚依据条款", max_length=60, validators=[refuse_controls])
    penalty_text = FreeTextField("处罚依据原文", max_length=3000)
    penalty_kinds = models.CharField("处罚种类", max_length=200, validators=[refuse_controls])
    unit_min = _money("单位罚款下限（元）")
    unit_max = _money("单位罚款上限（元）")
    person_label = models.CharField("个人罚款对象", max_length=60, blank=True, validators=[refuse_controls])
    person_min = _money("个人罚款下限（元）")
    person_max = _money("个人罚款上限（元）")
    waiver_allowed = models.BooleanField("可适用首违不罚", default=False)
    source = FreeTextField("来源", max_length=1000)
    confirmed = models.BooleanField("条文已核对", default=False)
    note = FreeTextField("修订说明", max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="修订人",
    )
    created_at = models.DateTimeField("保存时间", default=timezone.now)

    class Meta:
        ordering = ["violation", "-number"]
        verbose_name = "违法行为版本"
        verbose_name_plural = "违法行为版本"
        constraints = [models.UniqueConstraint(fields=["violation", "number"], name="one_violation_version_number")]

    def __str__(self):
        return f"{self.violation.code} 第{self.number}版"

    @property
    def provision(self):
        return f"《{self.law}》{self.article}{self.clause}"

    @property
    def penalty_provision(self):
        return f"《{self.law}》{self.penalty_article}"

    @property
    def unit_range(self):
        return _range(self.unit_min, self.unit_max)

    @property
    def person_range(self):
        return _range(self.person_min, self.person_max)

    def terms(self):
        """The version as the discretion rules read it (inspections.enforcement.violations)."""
        return Terms(tuple(level.terms() for level in self.levels.all()), self.waiver_allowed)


class DiscretionLevel(_Immutable):
    """One level of a version's discretion benchmark: when it applies and the fines inside the legal range."""

    version = models.ForeignKey(ViolationVersion, on_delete=models.CASCADE, related_name="levels", verbose_name="版本")
    order = models.PositiveSmallIntegerField("顺序")
    name = models.CharField("裁量等级", max_length=20, validators=[refuse_controls])
    conditions = FreeTextField("适用情形", max_length=1000)
    after_overdue = models.BooleanField("逾期未改正时适用", default=False)
    unit_min = _money("单位罚款下限（元）")
    unit_max = _money("单位罚款上限（元）")
    person_min = _money("个人罚款下限（元）")
    person_max = _money("个人罚款上限（元）")
    other_penalties = models.CharField("其他处罚", max_length=200, blank=True, validators=[refuse_controls])

    class Meta:
        ordering = ["version", "order"]
        verbose_name = "裁量等级"
        verbose_name_plural = "裁量等级"

    def __str__(self):
        return self.name

    @property
    def unit_range(self):
        return _range(self.unit_min, self.unit_max)

    @property
    def person_range(self):
        return _range(self.person_min, self.person_max)

    def terms(self):
        return LevelTerms(self.name, self.unit_range, self.person_range, self.after_overdue)


class CaseViolation(models.Model):
    """A violation found in a case, decided on its own (分别裁量): the version used, the party, the circumstances
    ticked, the proposal they gave, and the fine decided (with the reason when it leaves the proposal)."""

    case = models.ForeignKey(
        "inspections.Case", on_delete=models.CASCADE, related_name="violations", verbose_name="案件"
    )
    version = models.ForeignKey(
        ViolationVersion, on_delete=models.PROTECT, related_name="case_uses", verbose_name="违法行为（版本）"
    )
    party_kind = models.CharField("处罚对象", max_length=16, choices=PartyKind.choices, default=PartyKind.UNIT)
    party_name = models.CharField("个人姓名", max_length=50, blank=True, validators=[refuse_controls])
    circumstances = models.JSONField("裁量情形", default=list, blank=True)
    proposed_level = models.CharField("建议裁量等级", max_length=20)
    proposed_min = _money("建议罚款下限（元）")
    proposed_max = _money("建议罚款上限（元）")
    mitigated = models.BooleanField("减轻处罚", default=False)
    no_penalty = models.BooleanField("不予处罚", default=False)
    fine = models.DecimalField(
        "决定罚款（元）",
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0, message="罚款金额不能为负数。")],
    )
    reason = FreeTextField("超出建议范围的理由", max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="认定人"
    )
    created_at = models.DateTimeField("认定时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["case", "id"]
        verbose_name = "案件违法行为"
        verbose_name_plural = "案件违法行为"

    def __str__(self):
        return f"{self.version.violation.title}（{self.get_party_kind_display()}）"

    @property
    def party(self):
        label = self.get_party_kind_display()
        return f"{label} {self.party_name}" if self.party_name else label

    @property
    def circumstance_labels(self):
        return [CIRCUMSTANCES[c].label for c in self.circumstances if c in CIRCUMSTANCES]

    @property
    def proposal_text(self):
        if self.no_penalty:
            return "不予处罚"
        if self.mitigated:
            return f"减轻处罚：低于 {self.proposed_max:,.0f} 元"
        return f"{self.proposed_level}：{self.proposed_min:,.0f}～{self.proposed_max:,.0f} 元"
