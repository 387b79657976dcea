from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "eenloket.documents"
    label = "documents"
