"""Form fields shared by the sub-packages: choosing people (inspectors, interviewers, co-signers)."""

from django import forms


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.first_name or user.username
