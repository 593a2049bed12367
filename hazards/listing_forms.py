from django import forms

from bureau.text import FreeTextFormField
from bureau.widgets import DateInput
from hazards.forms import PhotoField
from hazards.listing_models import MajorHazardListing


class ListingForm(forms.ModelForm):
    class Meta:
        model = MajorHazardListing
        fields = ["level", "leader_name", "leader_post", "deadline", "note"]
        widgets = {"deadline": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"leader_post": "如：副局长", "deadline": "逾期未验收摘牌的，在首页和督办看板上以红色提示。"}


class ProgressForm(forms.Form):
    text = FreeTextFormField(label="进展情况", max_length=2000, rows=3)
    photos = PhotoField(label="现场照片")


class AcceptForm(forms.Form):
    opinion = FreeTextFormField(label="验收意见", max_length=2000, rows=3)
    photos = PhotoField(label="验收佐证照片", required=True)
