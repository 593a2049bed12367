from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。注意区分大小写。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sets the username's max_length after the field is built, so nothing enforces it: a
        # 10,000-character name reached authentication and overflowed django-axes' record of the failure (a 500).
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
