"""What the penalty procedure records besides documents: drafts awaiting approval (文书审批), evidence photos
(证据照片) and the party's written choices (放弃陈述申辩和听证, 听证申请)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.validators import DateWindow
from inspections.enforcement.models import Case, Document, Sanction
from inspections.enforcement.specs import DocumentKind


class DocumentDraft(models.Model):
    """A document of a kind that needs approval (DocumentSpec.needs_approval), before it is issued: drafted by an
    inspector, submitted, then approved (which issues it) or returned by the person in charge."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        SUBMITTED = "submitted", "待审批"
        APPROVED = "approved", "已批准"
        RETURNED = "returned", "已退回"

    kind = models.CharField("文书种类", max_length=16, choices=DocumentKind.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="drafts", verbose_name="所属案件")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name="当事单位"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="所属检查",
    )
    status = models.CharField("审批状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    co_signer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="共同签署的执法人员"
    )
    facts = FreeTextField("违法事实及检查情况", max_length=5000, blank=True)
    legal_basis = FreeTextField("法律依据", max_length=2000, blank=True)
    requirements = FreeTextField("处理意见及要求", max_length=5000, blank=True)
    fine_amount = models.DecimalField("罚款金额（元）", max_digits=12, decimal_places=2, null=True, blank=True)
    sanction = models.CharField("其他处罚", max_length=16, choices=Sanction.choices, blank=True, default="")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人"
    )
    drafted_at = models.DateTimeField("拟稿时间", default=timezone.now)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    approved_at = models.DateTimeField("审批时间", null=True, blank=True)
    note = FreeTextField("审批意见", max_length=1000, blank=True)
    document = models.OneToOneField(
        Document, on_delete=models.PROTECT, null=True, blank=True, related_name="draft", verbose_name="签发的文书"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-drafted_at", "-id"]
        verbose_name = "文书审批"
        verbose_name_plural = "文书审批"

    def __str__(self):
        return f"{self.get_kind_display()}（{self.get_status_display()}）"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cases:draft", args=[self.case_id, self.pk])

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


def evidence_photo_path(instance, filename):
    # Never the uploader's name: a random one, with the extension of the checked format.
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{instance.extension}"


class EvidencePhoto(models.Model):
    """A photo taken as evidence, attached to the 询问笔录 or 勘验笔录 when it is issued (checked and stripped of
    EXIF like a hazard's photos)."""

    EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="photos", verbose_name="笔录")
    image = models.FileField("图片文件", upload_to=evidence_photo_path)
    content_type = models.CharField("文件格式", max_length=32)
    size = models.PositiveIntegerField("文件大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = "证据照片"
        verbose_name_plural = "证据照片"

    def __str__(self):
        return f"证据照片 #{self.pk}"

    @property
    def extension(self):
        return self.EXTENSIONS[self.content_type.split("/")[1].upper()]


class PartyChoice(models.Model):
    """What the party said in writing after the notice: it waives its rights to state, defend and ask a hearing
    (the decision need not wait for the periods), or it asks for a hearing (听证 steps are added)."""

    class Kind(models.TextChoices):
        WAIVER = "waiver", "书面放弃陈述申辩和听证"
        HEARING = "hearing", "申请听证"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="party_choices", verbose_name="案件")
    kind = models.CharField("当事人意见", max_length=16, choices=Kind.choices)
    made_on = models.DateField("提出日期", validators=[DateWindow("提出日期", past=True)])
    note = FreeTextField("说明", max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["made_on", "id"]
        verbose_name = "当事人意见"
        verbose_name_plural = "当事人意见"
        constraints = [models.UniqueConstraint(fields=["case", "kind"], name="one_party_choice_per_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.made_on:%Y-%m-%d}"
