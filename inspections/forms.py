"""Form fields shared by the sub-packages: choosing officers."""

from django import forms


class OfficerChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username


class SingleOfficerField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username
