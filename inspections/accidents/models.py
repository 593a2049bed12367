"""Accidents (生产安全事故) from the report (事故快报) to the investigation (事故调查) and the follow-ups after it
(后续处理: criminal referral, discipline, accountability bulletins, administrative penalties). Counted by the
quarterly assessment and the dashboard; the tables keep the names they had when they were the assessment's."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.timeline import TimelineEvent
from bureau.validators import EARLIEST, DateWindow
from inspections.accidents.grading import (
    REPORT_WITHIN,
    SUPPLEMENT_DAYS,
    SUPPLEMENT_DAYS_SHORT,
    Grade,
    accident_grade,
)


class AccidentKind(models.TextChoices):
    """企业职工伤亡事故分类 (GB 6441-86), the 20 categories of an accident's type."""

    STRUCK = "struck", "物体打击"
    VEHICLE = "vehicle", "车辆伤害"
    MACHINERY = "machinery", "机械伤害"
    LIFTING = "lifting", "起重伤害"
    ELECTRIC = "electric", "触电"
    DROWNING = "drowning", "淹溺"
    SCALD = "scald", "灼烫"
    FIRE = "fire", "火灾"
    FALL = "fall", "高处坠落"
    COLLAPSE = "collapse", "坍塌"
    ROOF_FALL = "roof_fall", "冒顶片帮"
    FLOODING = "flooding", "透水"
    BLASTING = "blasting", "放炮"
    EXPLOSIVE = "explosive", "火药爆炸"
    GAS = "gas", "瓦斯爆炸"
    BOILER = "boiler", "锅炉爆炸"
    VESSEL = "vessel", "容器爆炸"
    OTHER_EXPLOSION = "other_explosion", "其他爆炸"
    POISONING = "poisoning", "中毒和窒息"
    OTHER = "other", "其他伤害"


class AccidentQuerySet(models.QuerySet):
    def late(self):
        """Reported to the county authority more than an hour after it happened (迟报)."""
        return self.filter(reported_at__gt=models.F("occurred_at") + REPORT_WITHIN)

    def unreported_past_deadline(self, now=None):
        now = now or timezone.now()
        return self.filter(reported_at__isnull=True, report_time_unknown=False, occurred_at__lt=now - REPORT_WITHIN)


class Accident(models.Model):
    """A production safety accident (生产安全事故): its report (事故快报), graded by order 493 第三条."""

    occurred_at = models.DateTimeField("发生时间")
    # The day it happened, in the bureau's time zone: what the quarterly assessment counts by (set by save()).
    date = models.DateField("发生日期", validators=[DateWindow("发生日期", past=True)])
    place = models.CharField("发生地点", max_length=200, blank=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="accidents", verbose_name="事故单位"
    )
    kind = models.CharField("事故类别", max_length=20, choices=AccidentKind.choices, default=AccidentKind.OTHER)
    deaths = models.PositiveSmallIntegerField("死亡人数", default=0)
    serious_injuries = models.PositiveSmallIntegerField("重伤人数", default=0)
    injuries = models.PositiveSmallIntegerField("轻伤人数", default=0)
    # In 万元, as order 493 states its thresholds (1000万 / 5000万 / 1亿).
    direct_loss = models.DecimalField("直接经济损失（万元）", max_digits=10, decimal_places=2, default=0)
    summary = FreeTextField("事故概况", max_length=4000)
    grade = models.CharField("事故等级", max_length=20, choices=Grade.choices, default=Grade.GENERAL)
    reported_at = models.DateTimeField("报告县级部门时间", null=True, blank=True)
    reported_by = models.CharField("报告人", max_length=60, blank=True)
    # Records made before the report time was kept: not late, not overdue, just unknown.
    report_time_unknown = models.BooleanField("报告时间不详", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )

    history = HistoricalRecords(table_name="assessment_historicalaccident")
    objects = AccidentQuerySet.as_manager()

    class Meta:
        db_table = "assessment_accident"
        ordering = ["-date", "-occurred_at", "-id"]
        verbose_name = "生产安全事故"
        verbose_name_plural = "生产安全事故"

    def __str__(self):
        return f"{self.date} {self.enterprise} {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        # Times are kept to the minute, as they are reported and as the form shows them.
        for name in ("occurred_at", "reported_at"):
            moment = getattr(self, name)
            if isinstance(moment, datetime):
                setattr(self, name, moment.replace(second=0, microsecond=0))
        if self.occurred_at is None and self.date is not None:
            # Recorded by its day only, as before reports were kept: at noon (as the data migration did), the report
            # time unknown.
            self.occurred_at = datetime.combine(self.date, time(12), tzinfo=timezone.get_current_timezone())
            self.report_time_unknown = True
        if self.occurred_at is not None:
            self.date = timezone.localdate(self.occurred_at)
        self.grade = accident_grade(self.deaths, self.serious_injuries, self.direct_loss)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accidents:detail", args=[self.pk])

    def clean_fields(self, exclude=None):
        # The day follows from the time, before the day's own checks (not before 2000, not in the future) run.
        errors = {}
        if isinstance(self.occurred_at, datetime):
            self.date = timezone.localdate(self.occurred_at)
            if self.occurred_at > timezone.now():
                # Said of the time that was typed: within the hour before midnight a future time also falls on
                # tomorrow, and "the day is after today" would point at a field the form does not show.
                errors["occurred_at"] = ["发生时间不能晚于现在。"]
                exclude = {*(exclude or ()), "date"}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean(self):
        if self.date is None or not EARLIEST <= self.date <= timezone.localdate():
            return  # the day's own check said why; comparing such a time could overflow
        if self.occurred_at is not None and self.occurred_at > timezone.now():
            return  # clean_fields said so
        errors = {}
        if self.reported_at is not None and self.occurred_at is not None and self.reported_at < self.occurred_at:
            errors["reported_at"] = "报告时间不能早于发生时间。"
        elif self.reported_at is not None and self.reported_at > timezone.now():
            errors["reported_at"] = "报告时间不能晚于现在。"
        if self.reported_at is not None and not self.reported_by.strip():
            errors["reported_by"] = "请填写报告人。"
        if errors:
            raise ValidationError(errors)

    @property
    def report_due_at(self):
        return self.occurred_at + REPORT_WITHIN

    @property
    def is_late(self):
        """迟报: reported after the hour."""
        return self.reported_at is not None and self.reported_at > self.report_due_at

    @property
    def is_report_overdue(self):
        return self.reported_at is None and not self.report_time_unknown and timezone.now() > self.report_due_at

    @property
    def supplement_until(self):
        """The last day casualty changes are reported again (补报), 第十三条."""
        days = SUPPLEMENT_DAYS_SHORT if self.kind == AccidentKind.FIRE else SUPPLEMENT_DAYS
        return self.date + timedelta(days=days)

    @property
    def grade_badge(self):
        return {
            Grade.GENERAL: "text-bg-secondary",
            Grade.LARGER: "text-bg-warning",
            Grade.MAJOR: "text-bg-danger",
            Grade.ESPECIALLY_MAJOR: "text-bg-dark",
        }[Grade(self.grade)]


class AccidentAction(models.TextChoices):
    REPORT = "report", "登记事故快报"
    EDIT = "edit", "修改事故快报"
    SUPPLEMENT = "supplement", "补报伤亡或损失变化"
    INVESTIGATION = "investigation", "组成调查组"
    EXTEND = "extend", "延长调查期限"
    SUBMIT = "submit", "提交调查报告"
    APPROVE = "approve", "批准调查报告"
    RETURN = "return", "退回调查报告"


class AccidentEvent(TimelineEvent):
    """One step on an accident's timeline; a 补报 carries the new figures and the grades before and after."""

    accident = models.ForeignKey(Accident, on_delete=models.CASCADE, related_name="events", verbose_name="事故")
    action = models.CharField("事项", max_length=20, choices=AccidentAction.choices)
    deaths = models.PositiveSmallIntegerField("死亡人数", null=True, blank=True)
    serious_injuries = models.PositiveSmallIntegerField("重伤人数", null=True, blank=True)
    injuries = models.PositiveSmallIntegerField("轻伤人数", null=True, blank=True)
    direct_loss = models.DecimalField("直接经济损失（万元）", max_digits=10, decimal_places=2, null=True, blank=True)
    grade_from = models.CharField("原等级", max_length=20, choices=Grade.choices, blank=True)
    grade_to = models.CharField("新等级", max_length=20, choices=Grade.choices, blank=True)

    class Meta(TimelineEvent.Meta):
        verbose_name = "事故记录"
        verbose_name_plural = "事故记录"

    @property
    def raised(self):
        from inspections.accidents.grading import is_raise

        return bool(self.grade_from and self.grade_to) and is_raise(self.grade_from, self.grade_to)


class Investigation(models.Model):
    """事故调查: the team, the report due 60 days after the accident (extendable once, 第二十九条), the findings,
    and the approval of the report by the person in charge (never its drafter)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "调查中"
        SUBMITTED = "submitted", "报告待审批"
        RETURNED = "returned", "报告已退回"
        APPROVED = "approved", "报告已批准"

    accident = models.OneToOneField(
        Accident, on_delete=models.CASCADE, related_name="investigation", verbose_name="事故"
    )
    leader = models.CharField("调查组组长", max_length=60)
    members = FreeTextField("调查组成员", max_length=2000, blank=True)
    due_on = models.DateField("调查报告期限")
    extended_to = models.DateField("延长至", null=True, blank=True)
    extension_reason = FreeTextField("延长理由", max_length=2000, blank=True)
    extension_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="延长批准人",
    )
    cause = FreeTextField("事故原因", max_length=5000, blank=True)
    responsibility = FreeTextField("责任认定", max_length=5000, blank=True)
    proposed_handling = FreeTextField("处理建议", max_length=5000, blank=True)
    status = models.CharField("状态", max_length=16, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="拟稿人"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准人",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)
    note = FreeTextField("审批意见", max_length=2000, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "事故调查"
        verbose_name_plural = "事故调查"

    def __str__(self):
        return f"{self.accident} 调查"

    @property
    def report_due(self):
        return self.extended_to or self.due_on

    @property
    def is_editable(self):
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def is_overdue(self):
        return self.status != self.Status.APPROVED and self.report_due < timezone.localdate()


class Accountability(models.Model):
    """后续处理 (责任追究): what follows an accident — a criminal referral, party or government discipline, an
    administrative penalty (the bureau's case when it penalises) — and accountability bulletins, which may be tied
    to no accident. The assessment's figures count the people referred or disciplined and the bulletins by `date`."""

    class Kind(models.TextChoices):
        CRIMINAL = "criminal", "移送追究刑事责任"
        DISCIPLINE = "discipline", "追究党政纪责任"
        BULLETIN = "bulletin", "通报问责"
        PENALTY = "penalty", "行政处罚"

    class Status(models.TextChoices):
        PENDING = "pending", "待办"
        IN_PROGRESS = "in_progress", "办理中"
        DONE = "done", "已办结"

    accident = models.ForeignKey(
        Accident,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name="事故",
    )
    date = models.DateField("日期", validators=[DateWindow("日期", past=True)])
    kind = models.CharField("类别", max_length=16, choices=Kind.choices)
    subject = models.CharField("涉及人员或单位", max_length=200, blank=True)
    person_count = models.PositiveSmallIntegerField("涉及人数", default=1)
    case = models.ForeignKey(
        "inspections.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accident_follow_ups",
        verbose_name="处罚案件",
    )
    status = models.CharField("办理状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    started_on = models.DateField(
        "开始办理日期", null=True, blank=True, validators=[DateWindow("开始办理日期", past=True)]
    )
    done_on = models.DateField("办结日期", null=True, blank=True, validators=[DateWindow("办结日期", past=True)])
    summary = FreeTextField("情况摘要", max_length=4000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", auto_now_add=True)

    history = HistoricalRecords(table_name="assessment_historicalaccountability")

    class Meta:
        db_table = "assessment_accountability"
        ordering = ["-date", "-id"]
        verbose_name = "后续处理"
        verbose_name_plural = "后续处理"

    def __str__(self):
        return f"{self.date} {self.get_kind_display()} {self.person_count} 人"

    def get_absolute_url(self):
        from django.urls import reverse

        # Where the record is read (its edit page is staff's): its accident's page, or the list.
        if self.accident_id:
            return reverse("accidents:detail", args=[self.accident_id]) + "#follow-ups"
        return reverse("accidents:follow_ups")

    def clean(self):
        errors = {}
        if self.person_count is not None and self.person_count < 1:
            errors["person_count"] = "涉及人数至少为 1。"
        if self.kind == self.Kind.PENALTY and self.accident_id is None:
            errors["accident"] = "行政处罚须关联事故。"
        if self.case_id is not None and self.kind != self.Kind.PENALTY:
            errors["case"] = "只有行政处罚可以关联处罚案件。"
        if self.case_id and self.accident_id and self.case.enterprise_id != self.accident.enterprise_id:
            errors["case"] = "处罚案件的当事单位应为事故单位。"
        if self.status == self.Status.DONE and self.done_on is None:
            errors["done_on"] = "已办结的请填写办结日期。"
        if self.status != self.Status.DONE and self.done_on is not None:
            errors["done_on"] = "未办结的不填办结日期。"
        if self.status == self.Status.PENDING and self.started_on is not None:
            errors["started_on"] = "待办的不填开始办理日期。"
        if self.started_on and self.done_on and self.done_on < self.started_on:
            errors["done_on"] = "办结日期不能早于开始办理日期。"
        if errors:
            raise ValidationError(errors)
