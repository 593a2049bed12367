from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "bureau.public"
    label = "public"
    verbose_name = "信息公开"
