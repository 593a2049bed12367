from django.contrib.auth.forms import AuthenticationForm


class PortalAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码不正确，请重新输入。注意区分大小写。",
        "inactive": "该账号已停用，请联系系统管理员。",
    }
