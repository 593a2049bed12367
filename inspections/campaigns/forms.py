"""Forms of the campaign pages."""

from django import forms

from bureau.text import FreeTextFormField
from bureau.widgets import DateInput
from enterprises.models import Industry
from grids.models import GridCell
from inspections.campaigns.models import Campaign


class CampaignForm(forms.ModelForm):
    industries = forms.MultipleChoiceField(
        label="涉及行业", choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    towns = forms.ModelMultipleChoiceField(
        label="范围（镇街）",
        queryset=GridCell.objects.towns(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选即为全市。",
    )

    class Meta:
        model = Campaign
        fields = ["name", "description", "start_date", "end_date", "special_categories", "industries", "towns"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "start_date": DateInput(),
            "end_date": DateInput(),
            "special_categories": forms.CheckboxSelectMultiple,
        }
        help_texts = {"special_categories": "整治范围：所选特殊类别或所选行业的在营单位（至少选一项）。"}
        error_messages = {
            "name": {"required": "请填写专项整治名称。"},
            "start_date": {"required": "请填写开始日期。"},
            "end_date": {"required": "请填写结束日期。"},
        }


class TargetMarkForm(forms.Form):
    """The step a target has reached (the state the page expects it to leave), the day it was reached, why that day
    is after the campaign's end when it is, and the page to return to. Without a day, the day the page offers."""

    step = forms.ChoiceField(choices=[("surveyed", "已排查"), ("completed", "整治完成")])
    date = forms.DateField(
        label="日期", required=False, widget=DateInput(), error_messages={"invalid": "请填写正确的日期。"}
    )
    late_reason = FreeTextFormField(
        label="逾期原因", max_length=200, required=False, widget=forms.TextInput(attrs={"placeholder": "逾期原因"})
    )
    next = forms.CharField(required=False)
