from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "eenloket.notifications"
    label = "notifications"
