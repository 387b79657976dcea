from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "eenloket.cases"
    label = "cases"
