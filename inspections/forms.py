"""Form fields shared by the sub-packages: choosing people (inspectors, interviewers, co-signers), and an
enterprise by its credit code."""

from django import forms
from django.contrib.auth import get_user_model

from bureau.accounts.roles import Role


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username


class PersonChoiceField(forms.ModelChoiceField):
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
