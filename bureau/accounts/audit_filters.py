"""Filters of the audit pages: the change trail (a plain form: it spans many tables) and the sign-in records."""

import django_filters
from django import forms
from django.db.models import Q

from bureau.accounts.audit import audited_models
from bureau.accounts.models import SignInEvent
from bureau.widgets import DateInput


def _check_dates(cleaned):
    if cleaned.get("date_from") and cleaned.get("date_to") and cleaned["date_from"] > cleaned["date_to"]:
        raise forms.ValidationError("起始日期不能晚于截止日期。")


class TrailFilterForm(forms.Form):
    user = forms.CharField(label="操作人", required=False, max_length=150, help_text="用户名或姓名")
    model = forms.ChoiceField(label="对象类型", required=False)
    q = forms.CharField(label="对象编号或名称", required=False, max_length=100)
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", "全部类型")] + [
            (label, model._meta.verbose_name) for label, model in audited_models().items()
        ]

    def clean(self):
        cleaned = super().clean()
        _check_dates(cleaned)
        return cleaned

    def trail_arguments(self):
        data = self.cleaned_data
        return {
            "user": data["user"].strip(),
            "model_label": data["model"],
            "object_query": data["q"].strip(),
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }


class SignInEventFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(label="用户", method="by_user", help_text="用户名或姓名")
    kind = django_filters.ChoiceFilter(label="类型", choices=SignInEvent.Kind.choices, empty_label="全部类型")
    date_from = django_filters.DateFilter(
        label="起始日期", field_name="at", lookup_expr="date__gte", widget=DateInput()
    )
    date_to = django_filters.DateFilter(label="截止日期", field_name="at", lookup_expr="date__lte", widget=DateInput())

    class Meta:
        model = SignInEvent
        fields = []

    def by_user(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__iexact=value) | Q(user__first_name=value))
