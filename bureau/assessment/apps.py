from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "bureau.assessment"
    label = "assessment"
    verbose_name = "季度考核"

    def ready(self):
        # The services enqueue the ranking tasks by name (current_app.tasks), so the web process must have
        # registered them too, not only the worker that autodiscovers them.
        from bureau.accounts.audit_links import register_visible
        from bureau.assessment import tasks  # noqa: F401
        from bureau.assessment.audit_labels import register_audit_labels
        from bureau.assessment.models import Bulletin
        from bureau.assessment.permissions import visible_bulletins

        register_audit_labels()
        register_visible(Bulletin, visible_bulletins)
