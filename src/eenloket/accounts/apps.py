from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "eenloket.accounts"
    label = "accounts"
