from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "eenloket.demo"
    label = "demo"
    verbose_name = "eenloket demo"
