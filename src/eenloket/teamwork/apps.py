from django.apps import AppConfig


class TeamworkConfig(AppConfig):
    name = "eenloket.teamwork"
    label = "teamwork"
