from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "hazards"
    verbose_name = "隐患排查治理"

    def ready(self):
        from hazards.figures import register_figures

        register_figures()  # bureau.figures: the figures this app owns
        from enterprises.extensions import register_dossier_section
        from grids.extensions import register_cell_panel
        from hazards.panels import dossier_section, grid_panel

        register_dossier_section("hazards/_dossier_section.html", dossier_section, order=10)
        register_cell_panel("hazards/_grid_panel.html", grid_panel)
