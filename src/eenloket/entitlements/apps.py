from django.apps import AppConfig


class EntitlementsConfig(AppConfig):
    name = "eenloket.entitlements"
    label = "entitlements"
