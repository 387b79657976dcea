from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "eenloket.assessment"
    label = "assessment"
