"""Issuing a document, opening and moving a case."""

from django import forms

from bureau.roles import Role, active_users
from bureau.text import FreeTextFormField, NameFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from hazards.forms import PhotoField
from inspections.enforcement.models import Sanction
from inspections.enforcement.specs import SPECS
from inspections.forms import PersonChoiceField


class HazardChoiceField(forms.ModelMultipleChoiceField):
    """A document's hazards, each named as it will be read on paper: what, where, how serious, by when (a choice
    named "企业 · 检查现场" left the inspector guessing which hazard goes on a legal document)."""

    def label_from_instance(self, hazard):
        place = f"（{hazard.location}）" if hazard.location else ""
        # Not "整改期限": the form has a field of that name, and a label search for it should find that one only.
        deadline = f"期限 {hazard.rectification_deadline:%Y-%m-%d}"
        return f"{hazard.description}{place} · {hazard.get_level_display()} · {deadline}"


class DocumentForm(forms.Form):
    """The fields of a document; which ones show is its kind's spec (DocumentSpec.form_fields)."""

    co_signer = PersonChoiceField(
        label="共同签署的执法人员",
        queryset=active_users(Role.INSPECTOR),
        error_messages={"required": "请选择另一名执法人员。"},
    )
    facts = FreeTextFormField(label="违法事实及检查情况", max_length=5000, required=False)
    legal_basis = FreeTextFormField(label="法律依据", max_length=2000, rows=2, required=False)
    requirements = FreeTextFormField(label="处理意见及要求", max_length=5000, required=False)
    deadline = forms.DateField(
        label="整改期限", required=False, widget=DateInput(), validators=[DateWindow("整改期限")]
    )
    hazards = HazardChoiceField(label="所列隐患", queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    suspends = forms.BooleanField(label="责令暂时停产停业", required=False)
    lifts_suspension = forms.BooleanField(label="准予恢复生产经营", required=False)
    fine_amount = forms.DecimalField(
        label="罚款金额（元）", required=False, min_value=0, max_digits=12, decimal_places=2
    )

    sanction = forms.ChoiceField(label="其他处罚", choices=Sanction.choices, required=False)
    hearing_on = forms.DateField(
        label="听证日期", required=False, widget=DateInput(), validators=[DateWindow("听证日期")]
    )
    photos = PhotoField(label="证据照片", help_text="可多选；手机上可直接拍照。每张不超过 10 MB、4000 万像素。")

    def __init__(self, *args, kind, enterprise, actor, inspection=None, **kwargs):
        super().__init__(*args, **kwargs)
        open_hazards = enterprise.hazards.open().order_by("-found_on", "-id")
        self.fields["hazards"].queryset = open_hazards
        if inspection is not None and "hazards" not in self.initial:
            # Opened from an inspection: its open hazards come ticked; the inspector unticks what does not belong.
            self.initial["hazards"] = list(open_hazards.filter(inspections=inspection).values_list("pk", flat=True))
        self.fields["co_signer"].queryset = active_users(Role.INSPECTOR).exclude(pk=actor.pk)
        keep = set(SPECS[kind].form_fields)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]


class CaseForm(forms.Form):
    title = NameFormField(label="案由", max_length=200)
    co_signer = PersonChoiceField(
        label="共同签署的执法人员",
        queryset=active_users(Role.INSPECTOR),
        error_messages={"required": "请选择另一名执法人员。"},
    )
    facts = FreeTextFormField(label="违法事实", max_length=5000, required=False)
    legal_basis = FreeTextFormField(label="法律依据", max_length=2000, rows=2, required=False)

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_signer"].queryset = active_users(Role.INSPECTOR).exclude(pk=actor.pk)
