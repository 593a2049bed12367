"""Enforcement documents (执法文书) with their numbering, and case files (一事一册)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.text import refuse_controls
from bureau.timeline import TimelineEvent
from bureau.validators import DateWindow
from inspections.enforcement.specs import SPECS, DocumentKind


class NumberingPrefix(models.Model):
    kind = models.CharField("文书种类", max_length=16, choices=DocumentKind.choices, unique=True)
    prefix = models.CharField("文号前缀", max_length=20, validators=[refuse_controls])
    history = HistoricalRecords()

    class Meta:
        verbose_name = "文号前缀"
        verbose_name_plural = "文号前缀"

    def __str__(self):
        return f"{self.get_kind_display()}：{self.prefix}"

    @classmethod
    def for_kind(cls, kind):
        row = cls.objects.filter(kind=kind).first()
        return row.prefix if row else SPECS[kind].default_prefix


class DocumentSequence(models.Model):
    """The last number issued per kind per year; locked while a number is taken, so numbers never repeat or skip."""

    kind = models.CharField(max_length=16, choices=DocumentKind.choices, verbose_name="文书种类")
    year = models.PositiveSmallIntegerField(verbose_name="年度")
    last_number = models.PositiveIntegerField(default=0, verbose_name="已用最大序号")

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="one_sequence_per_kind_and_year")]

    def __str__(self):
        return f"{self.kind} {self.year}: {self.last_number}"


class DocumentLocked(ValidationError):
    pass


class Sanction(models.TextChoices):
    """A penalty besides the fine; either makes the case major (法制审核, 集体讨论) and gives a right to a hearing."""

    NONE = "", "无"
    SUSPENSION = "suspension", "责令停产停业"
    REVOCATION = "revocation", "吊销有关许可证照"


class Document(models.Model):
    """An enforcement document (执法文书). Issued means locked: a correction is a new one that supersedes it."""

    kind = models.CharField("文书种类", max_length=16, choices=DocumentKind.choices)
    number = models.CharField("文号", max_length=40, unique=True, validators=[refuse_controls])
    year = models.PositiveSmallIntegerField(verbose_name="年度")
    sequence = models.PositiveIntegerField(verbose_name="序号")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="documents", verbose_name="当事单位"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="所属检查",
    )
    case = models.ForeignKey(
        "inspections.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="所属案件",
    )
    facts = FreeTextField("违法事实及检查情况", max_length=5000, blank=True)
    legal_basis = FreeTextField("法律依据", max_length=2000, blank=True)
    requirements = FreeTextField("处理意见及要求", max_length=5000, blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True, validators=[DateWindow("整改期限")])
    hazards = models.ManyToManyField("hazards.Hazard", blank=True, related_name="documents", verbose_name="所列隐患")
    suspends = models.BooleanField("责令暂时停产停业", default=False)
    lifts_suspension = models.BooleanField("准予恢复生产经营", default=False)
    fine_amount = models.DecimalField(
        "罚款金额（元）",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message="罚款金额不能为负数。")],
    )
    # The penalty proposed (report, notice) or decided besides the fine: it makes a case major (procedure.py).
    sanction = models.CharField("其他处罚", max_length=16, choices=Sanction.choices, blank=True, default=Sanction.NONE)
    hearing_on = models.DateField("听证日期", null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by", verbose_name="更正的文书"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="签发人"
    )
    co_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="共同签署的执法人员",
    )
    issued_at = models.DateTimeField("签发时间", default=timezone.now)
    # Kinds that need approval (DocumentSpec.needs_approval): the person in charge who approved the draft, and when.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    # Written by a post_save receiver into its own table: the lock in save() below is not involved.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = "执法文书"
        verbose_name_plural = "执法文书"
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="one_number_per_kind_year"),
        ]
        indexes = [
            models.Index(fields=["enterprise", "kind"]),
            models.Index(fields=["kind", "issued_at"]),
            # The register's order: its pages are read by key from here (bureau.pagination), read backwards.
            models.Index(fields=["issued_at", "id"], name="inspections_doc_issued_id_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise DocumentLocked("文书签发后不能修改；如需更正，请签发新文书替代原文书。")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("documents:detail", args=[self.pk])

    def delete(self, *args, **kwargs):
        raise DocumentLocked("文书签发后不能删除。")

    @property
    def spec(self):
        """The rules of its kind (inspections.enforcement.specs)."""
        return SPECS[self.kind]

    @property
    def is_superseded(self):
        return hasattr(self, "superseded_by")


class Case(models.Model):
    """One enforcement matter (一事一册): its documents and its steps, from filing to closing."""

    class Status(models.TextChoices):
        FILED = "filed", "已立案"
        INVESTIGATED = "investigated", "已调查"
        DECIDED = "decided", "已决定"
        EXECUTED = "executed", "已执行"
        CLOSED = "closed", "已结案"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="cases", verbose_name="当事单位"
    )
    title = models.CharField("案由", max_length=200, validators=[refuse_controls])
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.FILED)
    opened_on = models.DateField("立案日期", default=timezone.localdate, validators=[DateWindow("立案日期")])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened_on", "-id"]
        verbose_name = "案件"
        verbose_name_plural = "案件"

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cases:detail", args=[self.pk])


class CaseAction(models.TextChoices):
    """What a case event records; codes are stored, the screen shows the label."""

    FILE = "file", "立案"
    INVESTIGATE = "investigate", "调查终结"
    DECIDE = "decide", "作出处罚决定"
    EXECUTE = "execute", "执行完毕"
    CLOSE = "close", "结案"


class CaseEvent(TimelineEvent):
    """One step in a case's file: who moved it, when, from which step to which."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name="案件")
    action = models.CharField(max_length=40, choices=CaseAction.choices, verbose_name="案件步骤")
    from_status = models.CharField(max_length=16, choices=Case.Status.choices, blank=True, verbose_name="原状态")
    to_status = models.CharField(max_length=16, choices=Case.Status.choices, blank=True, verbose_name="新状态")

    class Meta(TimelineEvent.Meta):
        verbose_name = "案件步骤"
        verbose_name_plural = "案件步骤"

    def __str__(self):
        return f"{self.case_id} {self.get_action_display()}"


class CaseDeadline(models.Model):
    """A period the law sets for one step of a case (陈述申辩、听证申请、作出决定、送达、缴纳罚款…), computed by
    `inspections.enforcement.deadlines` from the holiday calendar; open until the step is done (`met_on`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines", verbose_name="案件")
    # One row per step per case, e.g. "statement", "hearing_request", "decision", "service:<document id>", "payment",
    # "enforcement" (the codes of the payment and enforcement steps: inspections.enforcement.payment_services).
    code = models.CharField("期限代码", max_length=40)
    label = models.CharField("期限", max_length=100)
    starts_on = models.DateField("起算日")
    due_on = models.DateField("届满日")
    working_days = models.BooleanField("按工作日计算", default=False)
    met_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "案件期限"
        verbose_name_plural = "案件期限"
        constraints = [models.UniqueConstraint(fields=["case", "code"], name="one_deadline_per_case_step")]
        indexes = [models.Index(fields=["met_on", "due_on"])]

    def __str__(self):
        return f"{self.label} {self.due_on:%Y-%m-%d}"

    @property
    def is_open(self):
        return self.met_on is None


class ServiceRecord(models.Model):
    """送达回证: how, when and to whom one document was served, and whether the recipient signed."""

    class Method(models.TextChoices):
        DIRECT = "direct", "直接送达"
        LEFT = "left", "留置送达"
        POST = "post", "邮寄送达"
        ELECTRONIC = "electronic", "电子送达"
        ENTRUSTED = "entrusted", "委托送达"
        NOTICE = "notice", "公告送达"

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="services", verbose_name="送达文书")
    method = models.CharField("送达方式", max_length=16, choices=Method.choices)
    served_on = models.DateField("送达日期", validators=[DateWindow("送达日期", past=True)])
    recipient = models.CharField("受送达人", max_length=100, validators=[refuse_controls])
    signed = models.BooleanField("受送达人签收", default=True)
    refusal_note = FreeTextField("拒收情况及见证人", max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="送达人"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["served_on", "id"]
        verbose_name = "送达回证"
        verbose_name_plural = "送达回证"

    def __str__(self):
        return f"{self.document} {self.get_method_display()} {self.served_on:%Y-%m-%d}"
