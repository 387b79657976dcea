from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "eenloket.insights"
    label = "insights"

    def ready(self):
        from eenloket.insights import checks  # noqa: F401 - registers the system check
