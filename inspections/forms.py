from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from bureau.accounts.roles import Role
from bureau.widgets import DateInput
from hazards.forms import PhotoField
from inspections.models import Campaign, DocumentKind, Expert, Inspection, InspectionCheck


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username


class SingleOfficerField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username


def inspector_users():
    return get_user_model().objects.filter(groups__name=Role.INSPECTOR, is_active=True).order_by("username")


class EnterpriseCodeField(forms.ModelChoiceField):
    widget = forms.TextInput

    def __init__(self, queryset, **kwargs):
        super().__init__(
            queryset=queryset,
            to_field_name="credit_code",
            label="被检查单位（统一社会信用代码）",
            error_messages={"invalid_choice": "找不到该信用代码对应的企业。", "required": "请填写被检查单位。"},
            **kwargs,
        )

    def to_python(self, value):
        return super().to_python(value.strip().upper() if isinstance(value, str) else value)


class InspectionForm(forms.ModelForm):
    officers = OfficerChoiceField(
        label="执法人员（至少两名）",
        queryset=inspector_users(),
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
        fields = ["enterprise", "date", "kind", "campaign", "officers", "experts", "summary"]
        widgets = {"date": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, enterprises, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = EnterpriseCodeField(enterprises)
        self.fields["officers"].queryset = inspector_users()
        self.fields["officers"].initial = [actor.pk]
        self.fields["date"].initial = timezone.localdate


class ChecklistForm(forms.Form):
    """One result per applicable item, then what failed items need to become hazards."""

    rectification_deadline = forms.DateField(label="不符合项整改期限", required=False, widget=DateInput())
    responsible_person = forms.CharField(label="整改责任人", max_length=50, required=False)

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
            self.fields[f"note_{item.pk}"] = forms.CharField(label="说明", max_length=300, required=False)
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


class DocumentForm(forms.Form):
    """The fields of a document; which ones show depends on its kind."""

    co_signer = SingleOfficerField(
        label="共同签署的执法人员", queryset=inspector_users(), error_messages={"required": "请选择另一名执法人员。"}
    )
    facts = forms.CharField(label="违法事实及检查情况", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    requirements = forms.CharField(label="处理意见及要求", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    deadline = forms.DateField(label="整改期限", required=False, widget=DateInput())
    hazards = forms.ModelMultipleChoiceField(
        label="所列隐患", queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    suspends = forms.BooleanField(label="责令暂时停产停业", required=False)
    lifts_suspension = forms.BooleanField(label="准予恢复生产经营", required=False)
    fine_amount = forms.DecimalField(
        label="罚款金额（元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )

    FIELDS_BY_KIND = {
        DocumentKind.INSPECTION_RECORD: ["facts"],
        DocumentKind.RECTIFICATION_ORDER: ["facts", "legal_basis", "requirements", "deadline", "hazards"],
        DocumentKind.RECHECK_OPINION: ["facts", "requirements", "lifts_suspension"],
        DocumentKind.MEASURES_DECISION: ["facts", "legal_basis", "requirements", "suspends", "lifts_suspension"],
        DocumentKind.CASE_FILING: ["facts", "legal_basis"],
        DocumentKind.PENALTY_DECISION: ["facts", "legal_basis", "requirements", "fine_amount"],
    }

    def __init__(self, *args, kind, enterprise, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazards"].queryset = enterprise.hazards.open().order_by("-found_on")
        self.fields["co_signer"].queryset = inspector_users().exclude(pk=actor.pk)
        keep = {"co_signer", *self.FIELDS_BY_KIND[kind]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class CaseForm(forms.Form):
    title = forms.CharField(label="案由", max_length=200)
    co_signer = SingleOfficerField(
        label="共同签署的执法人员", queryset=inspector_users(), error_messages={"required": "请选择另一名执法人员。"}
    )
    facts = forms.CharField(label="违法事实", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    legal_basis = forms.CharField(label="法律依据", widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_signer"].queryset = inspector_users().exclude(pk=actor.pk)


class CaseAdvanceForm(forms.Form):
    note = forms.CharField(label="说明", max_length=300, required=False)
