"""Encrypt the documents stored in the clear before they were encrypted at rest."""

from django.db import migrations


def encrypt_existing(apps, schema_editor):
    from django.core.files.base import ContentFile

    from eenloket.core import crypto

    ContactDocument = apps.get_model("cases", "ContactDocument")
    for document in ContactDocument.objects.exclude(file="").iterator():
        storage, name = document.file.storage, document.file.name
        if not storage.exists(name):
            continue
        with storage.open(name, "rb") as stored:
            content = stored.read()
        try:
            crypto.decrypt_bytes(content)
        except ValueError:
            storage.delete(name)
            storage.save(name, ContentFile(crypto.encrypt_bytes(content)))
        # else: already encrypted


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_access_request")]

    operations = [migrations.RunPython(encrypt_existing, migrations.RunPython.noop)]
