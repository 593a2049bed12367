"""The serious-dishonesty list (安全生产严重失信主体名单): a decided case proposed, the party told and heard, the
bureau's decision, publication for the term, early removal after credit repair.

Source: 《安全生产严重失信主体名单管理办法》(应急管理部令第11号, in force 2023-10-01). "谁处罚、谁决定、谁负责":
the bureau that decided the penalty decides the listing. The term is three years; a listed party may apply for
early removal after credit repair once listed twelve months (as provincial rules built on the order state it)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.validators import DateWindow

TERM_YEARS = 3
# Working days the party has to state and defend after the notice is served. The order's text on this period could
# not be confirmed from the sources at hand: 5 working days is the figure used here, unconfirmed; change it here.
ANSWER_WORKING_DAYS = 5
ANSWER_PERIOD_CONFIRMED = False
REPAIR_AFTER_MONTHS = 12


class DishonestCondition(models.TextChoices):
    """The listing conditions of the order: 第六条 (after an accident, items 1-5, wording confirmed) and 第七条
    (violations without an accident: item 1 confirmed; items 2-4 as summarised in secondary sources, unconfirmed)."""

    MAJOR_ACCIDENT = "major_accident", "发生特别重大、重大生产安全事故"
    LARGER_ACCIDENTS = "larger_accidents", "12个月内累计发生2起以上较大生产安全事故"
    MULTIPLE_FINE = "multiple_fine", "事故情节特别严重、影响特别恶劣，依安全生产法第一百一十四条被处2倍以上5倍以下罚款"
    CONCEALED = "concealed", "瞒报、谎报生产安全事故"
    ABSCONDED = "absconded", "事故后不立即组织抢救或在事故调查处理期间擅离职守、逃匿"
    UNLICENSED = "unlicensed", "未依法取得安全生产相关许可或许可被暂扣、吊销期间从事相关生产经营活动"
    FALSE_REPORT = "false_report", "承担安全评价、认证、检测、检验职责的机构出具虚假报告或证书"
    REFUSED_ORDER = "refused_order", "拒不执行停产停业、停止施工、停止使用等执法决定"
    OTHER_SERIOUS = "other_serious", "其他违反安全生产法律法规受到行政处罚且性质恶劣、情节严重"


def years_later(day, years):
    """The same day `years` later (29 February → 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class DishonestListingQuerySet(models.QuerySet):
    def in_term(self, today=None):
        """Listed, not removed early, and today within the term (the same rule as DishonestListing.in_term_on)."""
        today = today or timezone.localdate()
        return self.filter(status=DishonestListing.Status.LISTED, starts_on__lte=today, ends_on__gte=today)

    def public(self, today=None):
        """What /public/dishonest/ shows: published entries in term today."""
        return self.in_term(today).filter(published=True)


class DishonestListing(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "已提议"
        NOTIFIED = "notified", "已告知"
        LISTED = "listed", "已列入"
        NOT_LISTED = "not_listed", "决定不列入"
        REMOVED = "removed", "已提前移出"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="dishonest_listings", verbose_name="失信主体"
    )
    case = models.ForeignKey(
        "inspections.Case", on_delete=models.PROTECT, related_name="dishonest_listings", verbose_name="案件"
    )
    condition = models.CharField("列入情形", max_length=20, choices=DishonestCondition.choices)
    facts = FreeTextField("失信行为", max_length=2000)
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提议人"
    )
    proposed_on = models.DateField("提议日期", default=timezone.localdate)
    notice_served_on = models.DateField(
        "告知书送达日期", null=True, blank=True, validators=[DateWindow("送达日期", past=True)]
    )
    answer_due_on = models.DateField("陈述申辩期限", null=True, blank=True)
    answer = FreeTextField("陈述申辩意见", max_length=5000, blank=True)
    answered_on = models.DateField("陈述申辩日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="决定人",
    )
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_note = FreeTextField("决定理由", max_length=2000, blank=True)
    starts_on = models.DateField("列入日期", null=True, blank=True)
    ends_on = models.DateField("管理期限届满日", null=True, blank=True)
    published = models.BooleanField("已公示", default=False)
    repair_application = FreeTextField("信用修复申请", max_length=5000, blank=True)
    repair_applied_on = models.DateField("修复申请日期", null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="批准移出人",
    )
    removed_on = models.DateField("提前移出日期", null=True, blank=True)
    history = HistoricalRecords()

    objects = DishonestListingQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_on", "-id"]
        verbose_name = "严重失信主体名单"
        verbose_name_plural = "严重失信主体名单"
        indexes = [models.Index(fields=["status", "ends_on"])]

    def __str__(self):
        return f"{self.enterprise} {self.get_condition_display()}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("cases:dishonest:detail", args=[self.pk])

    def in_term_on(self, today):
        """Listed, not removed early, and `today` within the term (the same rule as the queryset's in_term)."""
        return (
            self.status == self.Status.LISTED
            and self.starts_on is not None
            and self.ends_on is not None
            and self.starts_on <= today <= self.ends_on
        )

    def answer_period_over(self, today=None):
        return self.answer_due_on is not None and (today or timezone.localdate()) > self.answer_due_on

    def repair_possible_from(self) -> date | None:
        """The first day the party may apply for early removal: twelve months after listing."""
        if self.starts_on is None:
            return None
        return years_later(self.starts_on, REPAIR_AFTER_MONTHS // 12)
