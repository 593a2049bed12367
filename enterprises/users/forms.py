"""The account pages' filter and forms: roles by their Chinese names, an enterprise by name or credit code."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q

from bureau.accounts.permissions import can_grant
from bureau.roles import Role, role_of
from enterprises.fields import EnterpriseField
from enterprises.models import Enterprise, EnterpriseMembership
from enterprises.permissions import visible_enterprises

ACTIVE = [("1", "启用"), ("0", "停用")]


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label="用户名或姓名", method="search")
    role = django_filters.ChoiceFilter(label="角色", choices=Role.choices, method="by_role", empty_label="全部角色")
    active = django_filters.ChoiceFilter(label="状态", choices=ACTIVE, method="by_active", empty_label="不限")

    class Meta:
        model = get_user_model()
        fields = []

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(username__icontains=value) | Q(first_name__icontains=value))

    def by_role(self, queryset, name, value):
        # A superuser acts as an admin whatever its groups (bureau.roles.role_of).
        if value == Role.ADMIN:
            return queryset.filter(Q(is_superuser=True) | Q(groups__name=value)).distinct()
        return queryset.filter(groups__name=value, is_superuser=False)

    def by_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "1")


def _role_choices(actor):
    return [(role.value, role.label) for role in Role if can_grant(actor, role)]


class AccountForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=150, required=False)
    phone = forms.CharField(label="联系电话", max_length=32, required=False)
    role = forms.ChoiceField(label="角色")
    enterprise = EnterpriseField(
        Enterprise.objects.none(),
        label="所属企业",
        required=False,
        help_text="企业用户必填：输入所属企业的名称、统一社会信用代码或地址。",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = _role_choices(actor)
        enterprise = self.fields["enterprise"]
        if isinstance(enterprise, EnterpriseField):
            enterprise.queryset = visible_enterprises(actor)

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.ENTERPRISE and not data.get("enterprise") and "enterprise" not in self.errors:
            self.add_error("enterprise", "企业用户必须指定所属企业。")
        return data


class AccountCreateForm(AccountForm):
    username = forms.CharField(label="用户名", max_length=150)
    password1 = forms.CharField(label="初始密码", strip=False, widget=forms.PasswordInput)
    password2 = forms.CharField(label="确认初始密码", strip=False, widget=forms.PasswordInput)
    field_order = ["username", "name", "phone", "role", "enterprise", "password1", "password2"]

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("该用户名已被使用。")
        return username

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "两次输入的密码不一致。")
        elif first:
            probe = get_user_model()(username=data.get("username", ""), first_name=data.get("name", ""))
            try:
                password_validation.validate_password(first, probe)
            except forms.ValidationError as exc:
                self.add_error("password1", exc)
        return data


class AccountEditForm(AccountForm):
    is_active = forms.BooleanField(label="启用（可以登录）", required=False)

    def __init__(self, *args, managed_role, **kwargs):
        super().__init__(*args, **kwargs)
        # An enterprise account stays one and no other becomes one (enterprises.users.services.account_update):
        # offer only what may be chosen.
        choices = self.fields["role"].choices
        if managed_role == Role.ENTERPRISE:
            self.fields["role"].choices = [c for c in choices if c[0] == Role.ENTERPRISE]
        else:
            self.fields["role"].choices = [c for c in choices if c[0] != Role.ENTERPRISE]
            del self.fields["enterprise"]

    @classmethod
    def initial_for(cls, user):
        membership = EnterpriseMembership.objects.filter(user=user).select_related("enterprise").first()
        profile = getattr(user, "profile", None)
        return {
            "name": user.first_name,
            "phone": profile.phone if profile else "",
            "role": role_of(user),
            "enterprise": membership.enterprise.credit_code if membership else "",
            "is_active": user.is_active,
        }


class ResetForm(forms.Form):
    """Which of the enterprise's accounts gets a new one-time password."""

    user = forms.ModelChoiceField(label="账号", queryset=get_user_model().objects.none())

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = get_user_model().objects.filter(
            enterprise_membership__enterprise=enterprise, is_active=True
        )
