from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "监督检查与执法"

    def ready(self):
        from inspections.figures import register_figures

        register_figures()  # bureau.figures: the figures this app owns
        from enterprises.extensions import register_dossier_section
        from inspections.panels import dossier_section

        register_dossier_section("inspections/_dossier_section.html", dossier_section, order=20)
