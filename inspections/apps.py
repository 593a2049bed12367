from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "inspections"
    verbose_name = "监督检查与执法"

    def ready(self):
        from bureau.accounts.audit_links import register_visible
        from enterprises.extensions import register_dossier_section, register_enterprise_action
        from inspections import permissions
        from inspections.enforcement.models import Case, Document
        from inspections.figures import register_figures
        from inspections.inspection.models import Inspection
        from inspections.inspection.start import start_url
        from inspections.panels import dishonest_grade_note, dishonest_section, dossier_section

        register_dossier_section("inspections/_dossier_section.html", dossier_section, order=20)
        register_dossier_section("inspections/dishonest/_grade_note.html", dishonest_grade_note, grade=True)
        register_dossier_section("inspections/dishonest/_dossier_section.html", dishonest_section, order=25)
        # 开始检查 on the dossier and on each row of the due list, for those who may inspect.
        register_enterprise_action("开始检查", start_url, icon="bi-clipboard-check")
        register_visible(Inspection, permissions.visible_inspections)
        register_visible(Document, permissions.visible_documents)
        register_visible(Case, permissions.visible_cases)
        register_figures()  # bureau.figures: the figures this app owns
        from inspections.planning.plan_figures import register_figures as register_plan_figures

        register_plan_figures()
        from inspections.accidents.figures import register_figures as register_accident_figures

        register_accident_figures()
        from inspections.accidents import permissions as accident_permissions
        from inspections.accidents.models import Accident, Accountability
        from inspections.accidents.panels import dossier_section as accident_dossier_section

        register_dossier_section("accidents/_dossier_section.html", accident_dossier_section, order=27)
        register_visible(Accident, accident_permissions.visible_accidents)
        register_visible(Accountability, accident_permissions.visible_follow_ups)
