"""The violation library's list filter and revision form, and the form deciding one violation of a case."""

import django_filters
from django import forms
from django.db.models import Q

from bureau.text import FreeTextFormField, NameFormField
from inspections.enforcement.violation_models import Violation, ViolationVersion
from inspections.enforcement.violation_services import LEVEL_FIELDS, VERSION_FIELDS
from inspections.enforcement.violations import PartyKind, circumstance_choices


class ViolationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="违法行为、编号或条款", method="by_text")
    # A choice (not a yes/no box): a value that is neither is refused with a message, not read as "all".
    confirmed = django_filters.ChoiceFilter(
        label="条文核对",
        choices=[("true", "已核对"), ("false", "待核对")],
        empty_label="全部",
        method="by_confirmed",
    )

    class Meta:
        model = Violation
        fields = []

    def by_confirmed(self, queryset, name, value):
        return queryset.filter(current__confirmed=value == "true")

    def by_text(self, queryset, name, value):
        words = value.strip()
        return queryset.filter(
            Q(title__icontains=words)
            | Q(code__icontains=words)
            | Q(current__penalty_article__icontains=words)
            | Q(current__article__icontains=words)
        )


def _money_field(label):
    return forms.DecimalField(label=label, required=False, min_value=0, max_digits=12, decimal_places=2)


class VersionForm(forms.ModelForm):
    """The terms of an entry; saving makes a new version (violation_services.violation_revise)."""

    note = FreeTextFormField(label="修订说明", max_length=500, rows=2, required=False)
    # The version the page showed: a revision made meanwhile by someone else is not overwritten.
    expected_number = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ViolationVersion
        fields = VERSION_FIELDS
        widgets = {
            "violated_text": forms.Textarea(attrs={"rows": 3}),
            "penalty_text": forms.Textarea(attrs={"rows": 4}),
            "source": forms.Textarea(attrs={"rows": 2}),
        }


class LevelForm(forms.Form):
    name = NameFormField(label="裁量等级", max_length=20)
    conditions = FreeTextFormField(label="适用情形", max_length=1000, rows=2)
    after_overdue = forms.BooleanField(label="逾期未改正时适用", required=False)
    unit_min = _money_field("单位罚款下限（元）")
    unit_max = _money_field("单位罚款上限（元）")
    person_min = _money_field("个人罚款下限（元）")
    person_max = _money_field("个人罚款上限（元）")
    other_penalties = NameFormField(label="其他处罚", max_length=200, required=False)


LevelFormSet = forms.formset_factory(LevelForm, extra=1, can_delete=True)


def level_rows(formset):
    """The levels a valid formset keeps, in order: named rows not ticked for deletion (the blank row is left)."""
    return [
        {name: form.cleaned_data.get(name) for name in LEVEL_FIELDS}
        for form in formset.forms
        if form.cleaned_data.get("name") and not form.cleaned_data.get("DELETE")
    ]


def level_initial(version):
    return [{name: getattr(level, name) for name in LEVEL_FIELDS} for level in version.levels.all()]


class VersionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, version):
        return (
            f"{version.violation.code} {version.violation.title}（{version.penalty_provision}，第{version.number}版）"
        )


class CaseViolationForm(forms.Form):
    version = VersionChoiceField(
        label="违法行为", queryset=ViolationVersion.objects.none(), empty_label="请选择违法行为库条目"
    )
    party_kind = forms.ChoiceField(label="处罚对象", choices=PartyKind.choices, initial=PartyKind.UNIT)
    party_name = NameFormField(label="个人姓名（处罚个人时填写）", max_length=50, required=False)
    circumstances = forms.MultipleChoiceField(
        label="裁量情形", choices=circumstance_choices(), required=False, widget=forms.CheckboxSelectMultiple
    )
    fine = forms.DecimalField(label="决定罚款（元）", required=False, min_value=0, max_digits=12, decimal_places=2)
    reason = FreeTextFormField(label="超出建议范围的理由", max_length=1000, rows=2, required=False)

    def __init__(self, *args, keep=None, **kwargs):
        """`keep`: a version to offer besides the library's current ones (the one a recorded violation used)."""
        super().__init__(*args, **kwargs)
        current = Q(pk__in=Violation.objects.values("current"))
        if keep is not None:
            current |= Q(pk=keep.pk)
        self.fields["version"].queryset = (
            ViolationVersion.objects.filter(current).select_related("violation").order_by("violation__code")
        )
