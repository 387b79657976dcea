from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "eenloket.core"
    label = "core"
    verbose_name = "eenloket core"
