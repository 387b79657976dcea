from django.apps import AppConfig


class HandoversConfig(AppConfig):
    name = "eenloket.handovers"
    label = "handovers"
