"""The registers kept beside inspections: the expert registry (专家库) and talks with enterprise heads (谈心谈话)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.text import refuse_controls
from bureau.validators import DateWindow


class Expert(models.Model):
    """A safety expert (安全生产专家) who joins inspections and reviews (专家会诊)."""

    name = models.CharField("姓名", max_length=50, validators=[refuse_controls])
    specialty = models.CharField("专业领域", max_length=100, validators=[refuse_controls])
    organization = models.CharField("工作单位", max_length=100, blank=True, validators=[refuse_controls])
    phone = models.CharField("联系电话", max_length=32, blank=True, validators=[refuse_controls])
    active = models.BooleanField("在库", default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = "专家"
        verbose_name_plural = "专家库"

    def __str__(self):
        return f"{self.name}（{self.specialty}）"


class Talk(models.Model):
    """A talk with an enterprise's head (谈心谈话)."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="talks", verbose_name="企业"
    )
    head_name = models.CharField("谈话对象", max_length=50, validators=[refuse_controls])
    head_title = models.CharField("职务", max_length=50, default="主要负责人", validators=[refuse_controls])
    date = models.DateField("谈话日期", default=timezone.localdate, validators=[DateWindow("谈话日期", past=True)])
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="talks", verbose_name="谈话人")
    topics = FreeTextField("谈话内容", max_length=5000)
    follow_up = FreeTextField("后续跟进", max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "谈心谈话"
        verbose_name_plural = "谈心谈话"

    def __str__(self):
        return f"{self.date} {self.enterprise} {self.head_name}"
