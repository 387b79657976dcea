from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "eenloket.signals"
    label = "signals"
