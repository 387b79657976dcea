# The signals moved to their own app (signals 0002 copied them first).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("teamwork", "0001_initial"),
        ("signals", "0002_copy_breakthrough_signals"),
    ]

    operations = [
        migrations.DeleteModel(
            name="Signal",
        ),
    ]
