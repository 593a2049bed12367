from django import forms
from django.utils import timezone

from bureau.roles import Role, active_users
from bureau.text import FreeTextFormField
from bureau.validators import DateWindow
from bureau.widgets import DateInput
from grids.models import Capacity, GridCell


class TreeForm(forms.Form):
    """Which cell of the tree is opened (its ancestors open with it)."""

    open = forms.CharField(required=False, max_length=32)


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user.first_name or user.username}（{user.username}）"


class AssignForm(forms.Form):
    user = OfficerChoiceField(
        label="人员",
        queryset=active_users(Role.GRID_OFFICER),
        error_messages={"invalid_choice": "请选择一名具有“网格责任人”角色的用户。", "required": "请选择人员。"},
    )
    capacity = forms.ChoiceField(label="职责", choices=Capacity.choices, initial=Capacity.RESPONSIBLE)
    start_date = forms.DateField(
        label="起始日期", initial=timezone.localdate, widget=DateInput(), validators=[DateWindow("起始日期")]
    )
    note = FreeTextFormField(label="备注", max_length=200, required=False, widget=forms.TextInput)


class EndAssignmentForm(forms.Form):
    end_date = forms.DateField(
        label="结束日期", initial=timezone.localdate, widget=DateInput(), validators=[DateWindow("结束日期")]
    )


class UnassignedFilterForm(forms.Form):
    town = forms.ModelChoiceField(
        label="镇街", queryset=GridCell.objects.towns(), required=False, to_field_name="code", empty_label="全部镇街"
    )
