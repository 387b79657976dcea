from django.apps import AppConfig


class GuideConfig(AppConfig):
    name = "eenloket.guide"
    label = "guide"
