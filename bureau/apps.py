from django.apps import AppConfig


class BureauConfig(AppConfig):
    """The project package itself: holds the commands that span every app (seed_demo)."""

    name = "bureau"
    verbose_name = "安全监管综合平台"
