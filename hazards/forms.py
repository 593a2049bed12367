from django import forms
from django.utils import timezone

from bureau.text import FreeTextFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from enterprises.fields import EnterpriseField
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


class HazardForm(forms.ModelForm):
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
            "level",
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
            # static/js/major-plan.js shows the plan only while 重大 is chosen; without script every field shows.
            "level": forms.Select(attrs={"data-major-level": HazardLevel.MAJOR}),
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
        for name in MAJOR_PLAN_FIELDS:
            self.fields[name].help_text = "重大事故隐患必填"


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
