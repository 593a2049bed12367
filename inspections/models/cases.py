from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


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
    title = models.CharField("案由", max_length=200)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.FILED)
    opened_on = models.DateField("立案日期", default=timezone.localdate)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
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


class CaseEvent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=16, choices=Case.Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Case.Status.choices, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.case_id} {self.action}"
