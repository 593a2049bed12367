"""Form fields shared by the sub-packages: choosing officers."""

from django import forms
from django.contrib.auth import get_user_model

from bureau.accounts.roles import Role


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username


class SingleOfficerField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username


def inspector_users():
    return get_user_model().objects.filter(groups__name=Role.INSPECTOR, is_active=True).order_by("username")
