"""Recording an inspection and its checklist."""

from django import forms
from django.utils import timezone

from bureau.roles import Role, active_users
from bureau.text import FreeTextFormField, NameFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from enterprises.fields import EnterpriseField
from hazards.forms import PhotoField
from hazards.models import MAJOR_PLAN_FIELDS, Hazard
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
        self.fields["enterprise"] = EnterpriseField(
            enterprises,
            label="被检查单位",
            required="请填写被检查单位。",
        )
        self.fields["inspectors"].queryset = active_users(Role.INSPECTOR)
        self.fields["inspectors"].initial = [actor.pk]
        self.fields["date"].initial = timezone.localdate


class ChecklistForm(forms.Form):
    """One result per applicable item, then what failed items need to become hazards.

    With `checks` (the saved results), it amends them: each item starts at its saved result, and an item already
    failed is shown with its hazard and has no field (its result stays)."""

    rectification_deadline = forms.DateField(
        label="不符合项整改期限", required=False, widget=DateInput(), validators=[DateWindow("整改期限")]
    )
    responsible_person = NameFormField(label="整改责任人", max_length=50, required=False)

    def __init__(self, *args, items, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = {check.item_id: check for check in checks}
        self.items = list(items)
        for item in self.editable_items():
            check = self.saved.get(item.pk)
            self.fields[f"result_{item.pk}"] = forms.ChoiceField(
                label=item.text,
                choices=InspectionCheck.Result.choices,
                initial=check.result if check else InspectionCheck.Result.PASSED,
                widget=forms.RadioSelect,
                help_text=item.basis,
            )
            self.fields[f"note_{item.pk}"] = FreeTextFormField(
                label="说明",
                max_length=300,
                required=False,
                widget=forms.TextInput,
                initial=check.note if check else "",
            )
            self.fields[f"photo_{item.pk}"] = PhotoField(label="照片")
        # An item pointing at a criterion makes a major hazard when it fails: its treatment plan is asked here, and
        # required by the service only then (inspections.inspection.services._check_plan).
        if any(item.criterion_id for item in self.editable_items()):
            for name in MAJOR_PLAN_FIELDS:
                self.fields[name] = FreeTextFormField(
                    label=Hazard._meta.get_field(name).verbose_name, max_length=2000, required=False, rows=2
                )

    def major_items(self):
        return [item for item in self.editable_items() if item.criterion_id]

    def plan_fields(self):
        return [self[name] for name in MAJOR_PLAN_FIELDS if name in self.fields]

    def plan(self):
        return {name: self.cleaned_data.get(name, "") for name in MAJOR_PLAN_FIELDS}

    def editable_items(self):
        failed = InspectionCheck.Result.FAILED
        return [item for item in self.items if getattr(self.saved.get(item.pk), "result", None) != failed]

    def all_passed(self, data):
        """The posted data with every editable item 符合 (the 全部符合 button); notes and photos are kept."""
        data = data.copy()
        for item in self.editable_items():
            data[f"result_{item.pk}"] = InspectionCheck.Result.PASSED
        return data

    def item_rows(self):
        """(item, result, note, photo, saved check): the fields are None for an item already failed."""
        rows = []
        for item in self.items:
            if f"result_{item.pk}" in self.fields:
                fields = [self[f"{name}_{item.pk}"] for name in ("result", "note", "photo")]
            else:
                fields = [None, None, None]
            rows.append((item, *fields, self.saved.get(item.pk)))
        return rows

    def results(self):
        data = self.cleaned_data
        return [
            (item, data[f"result_{item.pk}"], data[f"note_{item.pk}"], (data[f"photo_{item.pk}"] or [None])[0])
            for item in self.editable_items()
        ]
