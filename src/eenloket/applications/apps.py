from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "eenloket.applications"
    label = "applications"
