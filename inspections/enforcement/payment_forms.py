"""The case page's forms after the penalty decision: a payment, an application to defer or pay in instalments, its
approval, the court's ruling."""

from django import forms

from bureau.text import FreeTextFormField, NameFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from inspections.enforcement.payment_models import PaymentArrangement


class FinePaymentForm(forms.Form):
    amount = forms.DecimalField(label="缴款金额（元）", min_value=0.01, max_digits=12, decimal_places=2)
    paid_on = forms.DateField(label="缴款日期", widget=DateInput(), validators=[DateWindow("缴款日期", past=True)])
    receipt_number = NameFormField(label="缴款凭证号", max_length=40, help_text="银行缴款书或收据上的编号")


class ArrangementForm(forms.Form):
    kind = forms.ChoiceField(label="申请事项", choices=PaymentArrangement.Kind.choices)
    reason = FreeTextFormField(label="申请理由", max_length=1000, rows=2)
    until = forms.DateField(
        label="延期至",
        required=False,
        widget=DateInput(),
        validators=[DateWindow("延期至")],
        help_text="延期缴纳时填写",
    )
    instalment_count = forms.IntegerField(
        label="分期期数", required=False, min_value=2, max_value=12, help_text="分期缴纳时填写，按月等额分期"
    )
    first_due_on = forms.DateField(
        label="首期缴纳期限", required=False, widget=DateInput(), validators=[DateWindow("首期缴纳期限")]
    )


class ArrangementDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批结果",
        choices=[("1", "批准"), ("0", "不予批准")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = FreeTextFormField(label="审批意见", max_length=500, required=False, widget=forms.TextInput)


class RulingForm(forms.Form):
    court = NameFormField(label="人民法院", max_length=100)
    ruling_number = NameFormField(label="裁定书文号", max_length=60)
    ruled_on = forms.DateField(label="裁定日期", widget=DateInput(), validators=[DateWindow("裁定日期", past=True)])
    outcome = FreeTextFormField(label="执行结果", max_length=1000, rows=2)
