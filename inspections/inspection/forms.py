"""Recording an inspection and its checklist."""

from django import forms
from django.utils import timezone

from bureau.roles import Role, active_users
from bureau.text import FreeTextFormField, NameFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from enterprises.fields import EnterpriseByCodeField
from hazards.forms import PhotoField
from inspections.campaigns.models import Campaign
from inspections.forms import PeopleChoiceField
from inspections.inspection.models import Inspection, InspectionCheck
from inspections.registers.models import Expert


class InspectionForm(forms.ModelForm):
    inspectors = PeopleChoiceField(
        label="执法人员（至少两名）",
        queryset=active_users(Role.INSPECTOR),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择至少两名执法人员。"},
    )
    experts = forms.ModelMultipleChoiceField(
        label="参检专家",
        queryset=Expert.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    campaign = forms.ModelChoiceField(
        label="所属专项整治", queryset=Campaign.objects.all(), required=False, empty_label="（无）"
    )

    class Meta:
        model = Inspection
        fields = ["enterprise", "date", "kind", "campaign", "inspectors", "experts", "summary"]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprises, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = EnterpriseByCodeField(
            enterprises,
            label="被检查单位（统一社会信用代码）",
            invalid="找不到该信用代码对应的企业。",
            required="请填写被检查单位。",
        )
        self.fields["inspectors"].queryset = active_users(Role.INSPECTOR)
        self.fields["inspectors"].initial = [actor.pk]
        self.fields["date"].initial = timezone.localdate


class ChecklistForm(forms.Form):
    """One result per applicable item, then what failed items need to become hazards."""

    rectification_deadline = forms.DateField(
        label="不符合项整改期限", required=False, widget=DateInput(), validators=[DateWindow("整改期限")]
    )
    responsible_person = NameFormField(label="整改责任人", max_length=50, required=False)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=InspectionCheck.Result.choices,
                initial=InspectionCheck.Result.PASSED,
                widget=forms.RadioSelect,
                help_text=item.basis,
            )
            self.fields[f"note_{item.pk}"] = FreeTextFormField(
                label="说明", max_length=300, required=False, widget=forms.TextInput
            )
            self.fields[f"photo_{item.pk}"] = PhotoField(label="照片")

    def item_rows(self):
        return [
            (item, self[f"result_{item.pk}"], self[f"note_{item.pk}"], self[f"photo_{item.pk}"]) for item in self.items
        ]

    def results(self):
        data = self.cleaned_data
        return [
            (item, data[f"result_{item.pk}"], data[f"note_{item.pk}"], (data[f"photo_{item.pk}"] or [None])[0])
            for item in self.items
        ]
