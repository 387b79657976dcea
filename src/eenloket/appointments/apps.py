from django.apps import AppConfig


class AppointmentsConfig(AppConfig):
    name = "eenloket.appointments"
    label = "appointments"
