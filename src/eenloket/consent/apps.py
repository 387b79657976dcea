from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "eenloket.consent"
    label = "consent"
