from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "bureau.assessment"
    label = "assessment"
    verbose_name = "季度考核"

    def ready(self):
        from bureau.assessment.figures import register_figures

        register_figures()  # bureau.figures: the figures this app owns
        # The services enqueue the ranking tasks by name (current_app.tasks), so the web process must have
        # registered them too, not only the worker that autodiscovers them.
        from bureau.assessment import tasks  # noqa: F401
        from bureau.assessment.audit_labels import register_audit_labels

        register_audit_labels()
