from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "eenloket.backoffice"
    label = "backoffice"
