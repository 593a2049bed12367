"""Forms of the penalty procedure: approving a draft, recording a service, the party's written choice."""

from django import forms

from bureau.text import FreeTextFormField, NameFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from inspections.enforcement.models import ServiceRecord


class DraftDecisionForm(forms.Form):
    note = FreeTextFormField(label="审批意见", max_length=1000, required=False, rows=2)


class DraftReturnForm(forms.Form):
    note = FreeTextFormField(
        label="退回意见", max_length=1000, rows=2, error_messages={"required": "退回时请写明意见。"}
    )


class ServiceForm(forms.Form):
    method = forms.ChoiceField(label="送达方式", choices=ServiceRecord.Method.choices)
    served_on = forms.DateField(label="送达日期", widget=DateInput(), validators=[DateWindow("送达日期", past=True)])
    recipient = NameFormField(label="受送达人", max_length=100)
    signed = forms.BooleanField(label="受送达人签收", required=False, initial=True)
    refusal_note = FreeTextFormField(
        label="拒收情况及见证人", max_length=1000, required=False, help_text="拒绝签收（留置送达）时必填。"
    )


class PartyChoiceForm(forms.Form):
    made_on = forms.DateField(label="提出日期", widget=DateInput(), validators=[DateWindow("提出日期", past=True)])
    note = FreeTextFormField(label="说明", max_length=1000, required=False, rows=2)
