from django import forms

from bureau.text import FreeTextFormField
from enterprises.industries import Industry
from enterprises.models import SpecialCategory
from hazards.criteria_models import MajorHazardCriterion


class CriterionForm(forms.ModelForm):
    """An item's wording and applicability, as staff correct them (hazards.criteria.criterion_edit checks them)."""

    text = FreeTextFormField(label="判定情形", max_length=2000, rows=4)
    industries = forms.MultipleChoiceField(
        label="适用行业",
        choices=Industry.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="仅行业条目填写。",
    )
    categories = forms.ModelMultipleChoiceField(
        label="适用特殊类别",
        queryset=SpecialCategory.objects.order_by("pk"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="仅专项条目填写。",
    )

    class Meta:
        model = MajorHazardCriterion
        fields = ["text", "source", "confirmed", "active", "industries", "categories"]
        help_texts = {
            "confirmed": "已与公布文本逐字核对的，勾选此项；条目页面不再标注“条文待核对”。",
            "active": "停用的条目不再供记录隐患时选择，已引用它的隐患不受影响。",
        }
