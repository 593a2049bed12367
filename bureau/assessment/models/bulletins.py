"""Quarterly bulletins (通报) and the yearly sequence of their numbers."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from bureau.assessment.models.ranking import Ranking


class BulletinQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Bulletin.Status.PUBLISHED)

    def current(self):
        """Published and not superseded by a published correction: the bulletin of its quarter that stands."""
        return self.published().exclude(corrections__status=Bulletin.Status.PUBLISHED)


class Bulletin(models.Model):
    """A quarterly bulletin (通报) generated from a ranking: draft, then published by staff.

    A published bulletin is never changed or deleted: a mistake in it is put right by a correction (更正通报), a
    bulletin of the same quarter that names the one it supersedes (`corrects`) and why (`correction_reason`)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        PUBLISHED = "published", "已发布"

    ranking = models.ForeignKey(Ranking, on_delete=models.PROTECT, related_name="bulletins", verbose_name="季度排名")
    number = models.CharField("文号", max_length=40, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    # The ranking table as it stood when the bulletin was written: a later recomputation never changes it.
    snapshot = models.JSONField(default=dict, verbose_name="排名快照")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT, verbose_name="状态")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="创建人"
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="创建时间")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name="发布时间")
    corrects = models.ForeignKey(
        "self",
        verbose_name="更正的通报",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    correction_reason = models.TextField("更正原因", blank=True)

    objects = BulletinQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "季度通报"
        verbose_name_plural = "季度通报"
        constraints = [
            # A published bulletin is superseded once: the next correction corrects the correction.
            models.UniqueConstraint(
                fields=["corrects"], condition=Q(status="published"), name="one_published_correction_per_bulletin"
            ),
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(correction_reason=""), name="correction_names_its_reason"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("bulletins:detail", args=[self.pk])

    @property
    def is_correction(self):
        return self.corrects_id is not None

    @property
    def quarter_label(self):
        return self.ranking.quarter_obj.label


class BulletinSequence(models.Model):
    year = models.PositiveSmallIntegerField(unique=True, verbose_name="年度")
    last_number = models.PositiveIntegerField(default=0, verbose_name="已用最大序号")

    class Meta:
        verbose_name = "通报文号序列"
        verbose_name_plural = "通报文号序列"

    def __str__(self):
        return f"{self.year}: {self.last_number}"
