"""Forms of the expert registry (专家库) and the talks (谈心谈话)."""

from django import forms
from django.utils import timezone

from bureau.roles import Role, active_users
from bureau.widgets import DateInput
from enterprises.fields import EnterpriseField
from inspections.forms import PeopleChoiceField
from inspections.registers.models import Expert, Talk


class ExpertForm(forms.ModelForm):
    class Meta:
        model = Expert
        fields = ["name", "specialty", "organization", "phone", "active"]
        error_messages = {
            "name": {"required": "请填写专家姓名。"},
            "specialty": {"required": "请填写专业领域。"},
        }


class TalkForm(forms.ModelForm):
    # Who may hold a talk: inspectors and bureau staff.
    interviewers = PeopleChoiceField(
        label="谈话人",
        queryset=active_users(Role.INSPECTOR, Role.STAFF),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请选择谈话人。"},
    )

    class Meta:
        model = Talk
        fields = ["enterprise", "head_name", "head_title", "date", "interviewers", "topics", "follow_up"]
        widgets = {
            "date": DateInput(),
            "topics": forms.Textarea(attrs={"rows": 4}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "head_name": {"required": "请填写谈话对象。"},
            "topics": {"required": "请填写谈话内容。"},
        }

    def __init__(self, *args, enterprises, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"] = EnterpriseField(
            enterprises,
            label="企业",
            required="请填写企业。",
        )
        self.fields["interviewers"].queryset = active_users(Role.INSPECTOR, Role.STAFF)
        self.fields["interviewers"].initial = [actor.pk]
        self.fields["date"].initial = timezone.localdate
