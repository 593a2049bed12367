from django import forms
from django.utils import timezone

from bureau.text import FreeTextFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from grids.models import GridCell

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


class CorrectionForm(forms.Form):
    reason = FreeTextFormField(
        label="更正原因",
        max_length=2000,
        help_text="写明原通报哪里有误、为什么更正，将印在更正通报的开头。",
        error_messages={"required": "请填写更正原因。"},
    )
