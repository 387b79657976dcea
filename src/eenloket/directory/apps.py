from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "eenloket.directory"
    label = "directory"
