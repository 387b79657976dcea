from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "eenloket.retention"
    label = "retention"
    verbose_name = "Retention"
