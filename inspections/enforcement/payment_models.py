"""What happens to a fine after the penalty decision: payments, deferral or instalments by approval, and the court's
ruling on an application for enforcement. The rules that read them are in inspections.enforcement.payment."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from bureau.fields import FreeTextField
from bureau.text import refuse_controls
from bureau.validators import DateWindow
from inspections.enforcement.models import Case
from inspections.enforcement.payment import Instalment, Paid

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(0.01, message="金额须大于 0。")]}


class FinePayment(models.Model):
    """One payment of a fine (and its late fee), as the bank slip or receipt shows it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="payments", verbose_name="案件")
    amount = models.DecimalField("缴款金额（元）", **MONEY)
    paid_on = models.DateField("缴款日期", validators=[DateWindow("缴款日期", past=True)])
    # The bank's number: one slip is one payment, so a slip entered twice is one payment.
    receipt_number = models.CharField("缴款凭证号", max_length=40, unique=True, validators=[refuse_controls])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = "罚款缴纳"
        verbose_name_plural = "罚款缴纳"

    def __str__(self):
        return f"{self.receipt_number} {self.amount} 元"

    def as_paid(self):
        return Paid(self.paid_on, self.amount)


class PaymentArrangement(models.Model):
    """The party's application to defer the fine or pay it in instalments (行政处罚法 第六十六条), and the decision."""

    class Kind(models.TextChoices):
        DEFERRAL = "deferral", "延期缴纳"
        INSTALMENTS = "instalments", "分期缴纳"

    class Status(models.TextChoices):
        PENDING = "pending", "待审批"
        APPROVED = "approved", "已批准"
        REFUSED = "refused", "不予批准"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="arrangements", verbose_name="案件")
    kind = models.CharField("申请事项", max_length=16, choices=Kind.choices)
    reason = FreeTextField("申请理由", max_length=1000)
    status = models.CharField("审批状态", max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    requested_at = models.DateTimeField("登记时间", default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = FreeTextField("审批意见", max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "延期（分期）缴纳罚款申请"
        verbose_name_plural = "延期（分期）缴纳罚款申请"

    def __str__(self):
        return f"{self.case} {self.get_kind_display()} {self.get_status_display()}"

    def schedule(self):
        return [Instalment(row.due_on, row.amount) for row in self.instalments.all()]


class ArrangementInstalment(models.Model):
    """One due date of an arrangement: a deferral has one, instalments one each."""

    arrangement = models.ForeignKey(
        PaymentArrangement, on_delete=models.CASCADE, related_name="instalments", verbose_name="申请"
    )
    due_on = models.DateField("缴纳期限")
    amount = models.DecimalField("金额（元）", **MONEY)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = "分期缴纳计划"
        verbose_name_plural = "分期缴纳计划"

    def __str__(self):
        return f"{self.due_on:%Y-%m-%d} {self.amount} 元"


class EnforcementRuling(models.Model):
    """The court's ruling on the bureau's application for enforcement (强制执行申请书), and that it was carried out."""

    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="ruling", verbose_name="案件")
    court = models.CharField("人民法院", max_length=100, validators=[refuse_controls])
    ruling_number = models.CharField("裁定书文号", max_length=60, validators=[refuse_controls])
    ruled_on = models.DateField("裁定日期", validators=[DateWindow("裁定日期", past=True)])
    outcome = FreeTextField("执行结果", max_length=1000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "法院强制执行裁定"
        verbose_name_plural = "法院强制执行裁定"

    def __str__(self):
        return f"{self.court} {self.ruling_number}"
