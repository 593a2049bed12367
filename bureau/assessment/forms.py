from django import forms
from django.utils import timezone

from bureau.text import FreeTextFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from enterprises.fields import EnterpriseField
from enterprises.models import Enterprise
from grids.models import GridCell
from inspections.accidents.models import Accountability

POINTS = {"max_digits": 5, "decimal_places": 1}


class PreDeductionForm(forms.Form):
    town = forms.ModelChoiceField(
        label="镇街",
        queryset=GridCell.objects.towns().order_by("code"),
        empty_label="请选择镇街",
        error_messages={"required": "请选择镇街。", "invalid_choice": "请从列表中选择镇街。"},
    )
    points = forms.DecimalField(
        label="预扣分值",
        min_value=0.1,
        **POINTS,
        error_messages={"required": "请填写预扣分值。", "invalid": "请填写数字，如 2 或 1.5。"},
    )
    reason = FreeTextFormField(
        label="预扣理由",
        max_length=2000,
        error_messages={"required": "请填写预扣理由。"},
    )


class RestorationForm(forms.Form):
    points = forms.DecimalField(
        label="恢复分值",
        min_value=0.1,
        **POINTS,
        error_messages={"required": "请填写恢复分值。", "invalid": "请填写数字，如 1 或 0.5。"},
    )
    evidence = FreeTextFormField(
        label="整改佐证",
        max_length=4000,
        help_text="整改到位的情况和材料，如复查记录、文件编号。",
        error_messages={"required": "请填写整改佐证。"},
    )
    approved_on = forms.DateField(
        label="批准日期",
        widget=DateInput(),
        help_text="在季度结束之后批准的恢复，不计入该季度排名。",
        validators=[DateWindow("批准日期")],
        error_messages={"required": "请填写批准日期。", "invalid": "日期格式应为 2026-07-01。"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approved_on"].initial = timezone.localdate

    def clean_approved_on(self):
        day = self.cleaned_data["approved_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("批准日期不能晚于今天。")
        return day


class AccidentForm(forms.Form):
    # Named credit_code on the page; the enterprise it names is cleaned_data["enterprise"].
    credit_code = EnterpriseField(
        Enterprise.objects.all(),
        label="事故单位",
        required="请填写事故单位。",
    )
    date = forms.DateField(
        label="发生日期",
        widget=DateInput(),
        validators=[DateWindow("发生日期", past=True)],
        error_messages={"required": "请填写发生日期。", "invalid": "日期格式应为 2026-07-01。"},
    )
    deaths = forms.IntegerField(label="死亡人数", min_value=0, max_value=999, initial=0)
    injuries = forms.IntegerField(label="受伤人数", min_value=0, max_value=999, initial=0)
    summary = FreeTextFormField(
        label="事故概况",
        max_length=4000,
        rows=4,
        error_messages={"required": "请填写事故概况。"},
    )

    def clean_credit_code(self):
        enterprise = self.cleaned_data["credit_code"]
        self.cleaned_data["enterprise"] = enterprise
        return enterprise.credit_code


class AccountabilityForm(forms.ModelForm):
    person_count = forms.IntegerField(
        label="涉及人数",
        min_value=1,
        max_value=9999,
        initial=1,
        help_text="通报问责填被通报的人数。",
        error_messages={"required": "请填写涉及人数。", "min_value": "涉及人数至少为 1。"},
    )

    class Meta:
        model = Accountability
        fields = ["date", "kind", "person_count", "summary"]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "date": {"required": "请填写日期。", "invalid": "日期格式应为 2026-07-01。"},
            "kind": {"required": "请选择类别。"},
            "summary": {"required": "请填写情况摘要。"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate


class AccountabilityFilterForm(forms.Form):
    start = forms.DateField(label="日期从", required=False, widget=DateInput(), validators=[DateWindow("起始日期")])
    end = forms.DateField(label="至", required=False, widget=DateInput(), validators=[DateWindow("截止日期")])
    kind = forms.ChoiceField(label="类别", required=False, choices=[("", "全部类别"), *Accountability.Kind.choices])


class CorrectionForm(forms.Form):
    reason = FreeTextFormField(
        label="更正原因",
        max_length=2000,
        help_text="写明原通报哪里有误、为什么更正，将印在更正通报的开头。",
        error_messages={"required": "请填写更正原因。"},
    )
