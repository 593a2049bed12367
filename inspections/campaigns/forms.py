"""Forms of the campaign pages."""

from django import forms

from bureau.params import ascii_int
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


class TargetIdsField(forms.Field):
    """Target ids from ticked boxes or a page's hidden fields: ASCII digits each, or the whole field is refused."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = [ascii_int(v) for v in values]
        if None in ids:
            raise forms.ValidationError("请从整治对象名单中选择。")
        return ids


class BulkMarkForm(forms.Form):
    """Many targets marked with one step on one day: those ticked (`targets`), those of the page shown
    (`page_targets`), or all the list's filter selects (`match-*` fields, read by the view)."""

    SCOPES = [("selected", "所选"), ("page", "本页"), ("all", "全部符合筛选条件")]

    step = forms.ChoiceField(
        label="标记为",
        choices=[("surveyed", "已排查"), ("completed", "整治完成")],
        error_messages={"required": "请选择标记为已排查还是整治完成。", "invalid_choice": "请选择已排查或整治完成。"},
    )
    date = forms.DateField(
        label="日期",
        widget=DateInput(),
        error_messages={"required": "请填写日期。", "invalid": "请填写正确的日期。"},
    )
    late_reason = FreeTextFormField(label="逾期原因", max_length=200, required=False)
    scope = forms.ChoiceField(
        choices=SCOPES, error_messages={"required": "请选择标记的范围。", "invalid_choice": "请选择标记的范围。"}
    )
    targets = TargetIdsField(required=False)
    page_targets = TargetIdsField(required=False)
    next = forms.CharField(required=False)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        chosen = data.get("targets") if scope == "selected" else data.get("page_targets")
        bad_ids = self.has_error("targets") or self.has_error("page_targets")
        if scope in ("selected", "page") and not chosen and not bad_ids:
            raise forms.ValidationError("请先勾选要标记的整治对象。")
        data["ids"] = chosen
        return data
