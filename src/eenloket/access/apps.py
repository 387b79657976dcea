from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "eenloket.access"
    label = "access"
    verbose_name = "policy point"
