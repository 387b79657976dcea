from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "eenloket.people"
    label = "people"
