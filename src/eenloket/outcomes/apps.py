from django.apps import AppConfig


class OutcomesConfig(AppConfig):
    name = "eenloket.outcomes"
    label = "outcomes"
