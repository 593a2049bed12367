from django import forms
from django.utils import timezone

from bureau.widgets import DateInput
from enterprises.models import Enterprise, GradeChange, InspectionInterval, MajorHazardSource, RiskGrade
from grids.models import GridCell, GridLevel


class VillageChoiceField(forms.ModelChoiceField):
    """A level-4 cell, typed as its code: 1,739 cells are too many for a drop-down."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(
            queryset=GridCell.objects.filter(level=GridLevel.VILLAGE),
            to_field_name="code",
            error_messages={"invalid_choice": "找不到该四级网格编码，请核对。", "required": "请填写所在网格编码。"},
            **kwargs,
        )


class EnterpriseForm(forms.ModelForm):
    grid_cell = VillageChoiceField(label="所在网格编码", help_text="四级（村居）网格的编码，如 330381009001001")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "credit_code",
            "industry",
            "grid_cell",
            "address",
            "legal_representative",
            "safety_contact",
            "safety_phone",
            "employees",
            "status",
            "special_categories",
            "uses_hazardous_chemicals",
            "key_supervision",
            "service_mode",
            "service_provider",
            "association_member",
        ]
        widgets = {"special_categories": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The field is typed as the cell's code, but a ModelForm's initial for a foreign key is the row's id:
        # shown as is, the unchanged form would be refused (找不到该四级网格编码).
        if self.instance.grid_cell_id and "grid_cell" not in kwargs.get("initial", {}):
            self.initial["grid_cell"] = self.instance.grid_cell.code


class ContactForm(forms.ModelForm):
    class Meta:
        model = Enterprise
        fields = ["safety_contact", "safety_phone"]


class GradeChangeForm(forms.ModelForm):
    class Meta:
        model = GradeChange
        fields = ["grade", "effective_date", "reason"]
        widgets = {"effective_date": DateInput(), "reason": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"reason": {"required": "请填写调整理由。"}, "grade": {"required": "请选择等级。"}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_date"].initial = timezone.localdate


class IntervalsForm(forms.Form):
    """One number of days per grade."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = InspectionInterval.days_by_grade()
        for grade in (RiskGrade.RED, RiskGrade.YELLOW, RiskGrade.BLUE, RiskGrade.GREEN):
            self.fields[grade.value] = forms.IntegerField(
                label=f"{grade.label}（天）", min_value=1, max_value=3650, initial=current[grade]
            )


class MajorHazardSourceForm(forms.ModelForm):
    class Meta:
        model = MajorHazardSource
        fields = ["name", "level", "control_system", "registered_on"]
        widgets = {"registered_on": DateInput()}
