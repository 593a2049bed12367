"""What a hazard gathers on its way to closure: its photos (found, and the evidence of rectification), its timeline
and the requests to move its deadline."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.timeline import TimelineEvent
from bureau.validators import DateWindow
from hazards.choices import HazardAction, HazardStatus
from hazards.hazard_models import Hazard

# Short enough to keep each field that points at a person on one line.
USER = settings.AUTH_USER_MODEL


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
