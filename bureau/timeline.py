"""The shape every timeline step shares (a hazard's, a case's): who did it, when, and a note. The record it
belongs to, its action codes and the states it moved between are the subclass's."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from bureau.fields import FreeTextField


class TimelineEvent(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人"
    )
    at = models.DateTimeField("时间", default=timezone.now)
    note = FreeTextField("说明", max_length=5000, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]
