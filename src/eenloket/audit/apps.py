from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_register(sender, using="default", **kwargs):
    # The register is reference data defined in code (audit/register.py): keep the stored
    # register in step after every migrate, so a version exists before anything is logged.
    from eenloket.audit.services import register_sync

    if using == "default":
        register_sync()


class AuditConfig(AppConfig):
    name = "eenloket.audit"
    label = "audit"

    def ready(self):
        post_migrate.connect(_sync_register, sender=self, dispatch_uid="eenloket-register-sync")
