from django import forms
from django.utils import timezone

from bureau.text import FreeTextFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from enterprises.fields import EnterpriseField
from hazards.criteria import criteria_for
from hazards.criteria_models import MajorHazardCriterion
from hazards.models import MAJOR_PLAN_FIELDS, SUBCATEGORIES, Hazard, HazardLevel, HazardOrigin
from hazards.photos import check_photos


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotoField(forms.FileField):
    """Several photos at once; on a phone, the camera opens directly."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*", "capture": "environment"}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else ([data] if data else [])
        uploads = [super(PhotoField, self).clean(upload, initial) for upload in uploads if upload]
        check_photos(uploads)
        return uploads


SUBCATEGORY_CHOICES = [("", "---------")] + [
    (category.label, [(sub.value, sub.label) for sub in subs]) for category, subs in SUBCATEGORIES.items()
]


def criterion_choices(criteria):
    """The items grouped by standard and section (工贸2023 · 冶金企业, …), each shown by its code and text."""
    groups = {}
    for criterion in criteria.order_by("position", "id"):
        group = f"{criterion.short_standard} · {criterion.get_scope_display()} · {criterion.section}"
        text = criterion.text if len(criterion.text) <= 60 else criterion.text[:59] + "…"
        groups.setdefault(group, []).append((criterion.pk, f"{criterion.code} {criterion.reference} {text}"))
    return [("", "（不符合任何条目：一般事故隐患）"), *groups.items()]


class CriterionField(forms.ModelChoiceField):
    """判定依据: choosing an item makes the hazard major (重大事故隐患); none, general. Any active item is accepted
    here; hazards.services.hazard_report refuses one that does not apply to the enterprise."""

    def __init__(self, offered, **kwargs):
        super().__init__(
            queryset=MajorHazardCriterion.objects.active(),
            required=False,
            label="判定依据（重大事故隐患判定标准）",
            help_text="隐患符合判定标准中的某一条目时选择该条目，即为重大事故隐患，须填写治理方案；否则为一般事故隐患。",
            error_messages={"invalid_choice": "所选判定依据不存在或已停用，请重新选择。"},
            # static/js/major-plan.js shows the plan only while an item is chosen; without script every field shows.
            widget=forms.Select(attrs={"data-major-criterion": ""}),
            **kwargs,
        )
        self.choices = criterion_choices(offered)


class HazardForm(forms.ModelForm):
    """A hazard to report. Its level follows the criterion (判定依据): there is no 重大 without an item of the
    national criteria; the service refuses an item that does not apply to the enterprise."""

    photos = PhotoField(label="隐患照片", help_text="可多选；手机上可直接拍照。每张不超过 10 MB、4000 万像素。")

    class Meta:
        model = Hazard
        fields = [
            "enterprise",
            "source",
            "found_on",
            "location",
            "description",
            "category",
            "subcategory",
            "criterion",
            "rectification_deadline",
            "responsible_person",
            "measures",
            "funds",
            "suspension",
            *MAJOR_PLAN_FIELDS,
        ]
        widgets = {
            "found_on": DateInput(),
            "rectification_deadline": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
            "measures": forms.Textarea(attrs={"rows": 2}),
            **{name: forms.Textarea(attrs={"rows": 2, "data-major-plan": ""}) for name in MAJOR_PLAN_FIELDS},
        }

    def __init__(self, *args, enterprises, own_enterprise=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subcategory"].choices = SUBCATEGORY_CHOICES
        self.fields["found_on"].initial = timezone.localdate
        if own_enterprise is not None:
            # An enterprise reports its own hazards, from its own self-check.
            del self.fields["enterprise"]
            del self.fields["source"]
            self.instance.enterprise = own_enterprise
            self.instance.source = HazardOrigin.SELF_CHECK
        else:
            self.fields["enterprise"] = EnterpriseField(
                enterprises,
                label="企业",
                required="请填写企业。",
            )
            self.fields["source"].initial = HazardOrigin.INSPECTION
        # The items that apply to the enterprise when it is known; else every item (the service checks the one chosen).
        offered = criteria_for(own_enterprise) if own_enterprise is not None else MajorHazardCriterion.objects.active()
        self.fields["criterion"] = CriterionField(offered)
        for name in MAJOR_PLAN_FIELDS:
            self.fields[name].help_text = "重大事故隐患（选择了判定依据）必填"

    def clean(self):
        cleaned = super().clean()
        # The level follows the criterion; set before the model's clean, which requires the plan of a major hazard.
        chosen = cleaned.get("criterion") is not None
        self.instance.level = HazardLevel.MAJOR if chosen else HazardLevel.GENERAL
        return cleaned


class TransitionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    note = FreeTextFormField(label="说明", required=False, max_length=2000, rows=2)
    photos = PhotoField(label="整改后照片")


class ChaseForm(forms.Form):
    note = FreeTextFormField(label="催办说明", required=False, max_length=500, rows=2)
    # Pressed on the home page's list: back there, to chase the next one (a typed field, not a free "next" URL).
    from_home = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ExtensionRequestForm(forms.Form):
    requested_deadline = forms.DateField(label="申请延期至", widget=DateInput(), validators=[DateWindow("整改期限")])
    reason = FreeTextFormField(label="延期理由", max_length=2000, rows=2)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批", choices=[("1", "批准"), ("0", "不批准")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    note = FreeTextFormField(label="审批意见", required=False, max_length=2000, rows=2)
