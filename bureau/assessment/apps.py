from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "bureau.assessment"
    label = "assessment"
    verbose_name = "季度考核"
