from django.apps import AppConfig


class BureauConfig(AppConfig):
    """The project package itself: holds the commands that span every app (seed_demo)."""

    name = "bureau"
    verbose_name = "安全监管综合平台"

    def ready(self):
        from bureau.figures import connect_signals

        # Kept figure values are replaced by any write to what figures count (bureau.figures).
        connect_signals({"grids", "enterprises", "hazards", "inspections", "assessment"})
