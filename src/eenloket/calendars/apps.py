from django.apps import AppConfig


class CalendarsConfig(AppConfig):
    name = "eenloket.calendars"
    label = "calendars"

    def ready(self):
        from eenloket.calendars import checks  # noqa: F401  (registers the check)
