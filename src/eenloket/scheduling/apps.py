from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "eenloket.scheduling"
    label = "scheduling"
