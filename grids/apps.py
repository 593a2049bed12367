from django.apps import AppConfig


class GridsConfig(AppConfig):
    name = "grids"
    verbose_name = "网格化监管"

    def ready(self):
        from grids.figures import register_figures

        register_figures()  # bureau.figures: the figures this app owns
