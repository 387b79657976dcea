from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "eenloket.access"
    label = "access"
    verbose_name = "policy point"

    def ready(self):
        # Registers the system check that every model with personal data is guarded.
        from eenloket.access import guarded  # noqa: F401
