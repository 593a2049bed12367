from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "bureau.dashboard"
    label = "dashboard"
    verbose_name = "首页与数字轨迹"
