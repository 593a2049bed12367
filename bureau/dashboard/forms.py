from django import forms

from bureau.validators import DateWindow
from bureau.widgets import DateInput


class PeriodForm(forms.Form):
    """The period of the "数字轨迹" figures."""

    start = forms.DateField(
        label="起始日期",
        widget=DateInput(),
        validators=[DateWindow("起始日期")],
        error_messages={"required": "请填写起始日期。", "invalid": "起始日期格式应为 2026-01-01。"},
    )
    end = forms.DateField(
        label="截止日期",
        widget=DateInput(),
        validators=[DateWindow("截止日期")],
        error_messages={"required": "请填写截止日期。", "invalid": "截止日期格式应为 2026-08-31。"},
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期。")
        return data
