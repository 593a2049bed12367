from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "bureau.dashboard"
    label = "dashboard"
    verbose_name = "首页与数字轨迹"

    def ready(self):
        from bureau.dashboard.todo import enterprise_todo
        from enterprises.extensions import register_dossier_section

        # An enterprise user's home is its dossier: its to-do list goes on top of it.
        register_dossier_section("dashboard/_todo_enterprise.html", enterprise_todo, order=0, top=True)
