from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "bureau.accounts"
    label = "accounts"
    verbose_name = "用户与角色"

    def ready(self):
        from bureau.accounts import signals

        signals.connect()
