"""The form that prepares a draw: what it is, the pool's criteria, how many, and (for a redraw) what and why."""

from django import forms
from django.utils import timezone

from bureau.widgets import DateInput
from enterprises.models import Enterprise, Industry, RiskGrade, SpecialCategory
from grids.models import GridCell
from inspections.planning.models import Draw


class DrawForm(forms.Form):
    title = forms.CharField(label="名称", max_length=100, error_messages={"required": "请填写抽取名称。"})
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    month = forms.IntegerField(label="月份", min_value=1, max_value=12)
    towns = forms.ModelMultipleChoiceField(
        label="镇街",
        queryset=GridCell.objects.towns(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选即为全市。",
    )
    industries = forms.MultipleChoiceField(
        label="行业", choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.ModelMultipleChoiceField(
        label="特殊类别",
        queryset=SpecialCategory.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grades = forms.MultipleChoiceField(
        label="四色等级", choices=RiskGrade.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    recent_days = forms.IntegerField(
        label="近期已检查的不列入（天）",
        min_value=1,
        max_value=3650,
        required=False,
        help_text="例如填 90：最近 90 天内检查过的企业不进入对象库。关闭取缔的企业一律不列入。",
    )
    count = forms.IntegerField(label="抽取家数", min_value=1, max_value=100000, required=False)
    ratio_percent = forms.DecimalField(
        label="抽取比例（%）",
        min_value=0.01,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        required=False,
        help_text="家数与比例二选一；按比例时家数向上取整。",
    )
    replaces = forms.ModelChoiceField(
        label="重新抽取（替代的抽取）",
        queryset=Draw.objects.filter(redraws__isnull=True).defer(*Draw.SNAPSHOTS),
        required=False,
        help_text="仅在作废一次抽取、重新抽取时选择，并须写明原因。",
    )
    redraw_reason = forms.CharField(label="重新抽取原因", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["month"].initial = today.month

    def clean(self):
        data = super().clean()
        if data.get("count") is None and data.get("ratio_percent") is None and not self.errors:
            raise forms.ValidationError("请填写抽取家数或抽取比例（二选一）。")
        if data.get("count") is not None and data.get("ratio_percent") is not None:
            raise forms.ValidationError("抽取家数与抽取比例只能填一项。")
        return data

    def criteria(self):
        """The pool's criteria as a draw stores them: codes, not ids, so the record reads on its own."""
        data = self.cleaned_data
        return {
            "towns": sorted(cell.code for cell in data["towns"]),
            "industries": sorted(data["industries"]),
            "categories": sorted(category.code for category in data["categories"]),
            "grades": sorted(data["grades"]),
            "recent_days": data["recent_days"],
        }


class CredentialForm(forms.Form):
    certificate_number = forms.CharField(
        label="执法证号", max_length=32, error_messages={"required": "请填写执法证号。"}
    )
    on_leave = forms.BooleanField(label="休假或借调（不参加抽取）", required=False)


class ConflictForm(forms.Form):
    enterprise = forms.CharField(
        label="回避企业（统一社会信用代码）",
        max_length=18,
        error_messages={"required": "请填写企业的统一社会信用代码。"},
    )
    reason = forms.CharField(label="回避原因", max_length=200, error_messages={"required": "请填写回避原因。"})
    declared_on = forms.DateField(
        label="申报日期", widget=DateInput(), error_messages={"invalid": "请填写正确的日期。"}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared_on"].initial = timezone.localdate()

    def clean_enterprise(self):
        code = self.cleaned_data["enterprise"].strip().upper()
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise forms.ValidationError("没有该统一社会信用代码的企业。")
        return enterprise
