from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "eenloket.audit"
    label = "audit"
