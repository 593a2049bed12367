from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "监督检查与执法"

    def ready(self):
        from bureau.accounts.audit_links import register_visible
        from enterprises.extensions import register_dossier_section
        from inspections import permissions
        from inspections.enforcement.models import Case, Document
        from inspections.figures import register_figures
        from inspections.inspection.models import Inspection
        from inspections.panels import dossier_section

        register_dossier_section("inspections/_dossier_section.html", dossier_section, order=20)
        register_visible(Inspection, permissions.visible_inspections)
        register_visible(Document, permissions.visible_documents)
        register_visible(Case, permissions.visible_cases)
        register_figures()  # bureau.figures: the figures this app owns
