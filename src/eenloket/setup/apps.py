from django.apps import AppConfig


class SetupConfig(AppConfig):
    name = "eenloket.setup"
    label = "setup"
    verbose_name = "Set-up of a pilot"
