"""Forms of the serious-dishonesty list; each action form carries the status the page showed (a second click is
told it is done, and changes nothing)."""

import django_filters
from django import forms

from bureau.text import FreeTextFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from grids.filters import RoleScopedFilterSet
from inspections.enforcement.dishonest_models import DishonestCondition, DishonestListing
from inspections.filters import EnterpriseSearchMixin

Status = DishonestListing.Status


class ActionForm(forms.Form):
    expected_status = forms.ChoiceField(choices=Status.choices, required=False, widget=forms.HiddenInput)


class ProposeForm(forms.Form):
    condition = forms.ChoiceField(label="列入情形", choices=DishonestCondition.choices)
    facts = FreeTextFormField(label="失信行为", max_length=2000, help_text="将随名单公示，请勿填写个人身份证号等信息。")


class NotifyForm(ActionForm):
    served_on = forms.DateField(
        label="告知书送达日期", widget=DateInput(), validators=[DateWindow("送达日期", past=True)]
    )


class AnswerForm(ActionForm):
    answer = FreeTextFormField(label="陈述申辩意见", max_length=5000)
    answered_on = forms.DateField(
        label="陈述申辩日期", widget=DateInput(), validators=[DateWindow("陈述申辩日期", past=True)]
    )


class DecideForm(ActionForm):
    listed = forms.TypedChoiceField(
        label="决定",
        choices=[("1", "列入严重失信主体名单"), ("0", "不列入")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    note = FreeTextFormField(label="决定理由", max_length=2000, required=False)
    publish = forms.BooleanField(label="同时向社会公示", required=False, initial=True)


class RepairForm(ActionForm):
    application = FreeTextFormField(label="信用修复申请", max_length=5000)
    applied_on = forms.DateField(label="申请日期", widget=DateInput(), validators=[DateWindow("申请日期", past=True)])


class DishonestFilter(EnterpriseSearchMixin, RoleScopedFilterSet):
    enterprise = django_filters.CharFilter(label="企业名称或信用代码", method="by_enterprise")
    status = django_filters.ChoiceFilter(label="状态", choices=Status.choices, empty_label="全部状态")
    condition = django_filters.ChoiceFilter(
        label="列入情形", choices=DishonestCondition.choices, empty_label="全部情形"
    )

    class Meta:
        model = DishonestListing
        fields = []
