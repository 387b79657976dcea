"""Lanes (decision 0054): a chain head per log, lane and month; existing heads become lane 0,
whose positions and hashes are the chain as it was. The lanes' lock rows are made here so an
append finds them with one query."""

from django.db import migrations, models

LANES = 16  # settings.EENLOKET_LOG_LANES by default; more are made on first use


def make_lane_rows(apps, schema_editor):
    lock = apps.get_model("audit", "LogLock")
    lock.objects.using(schema_editor.connection.alias).bulk_create(
        [lock(log=f"{log}:{lane}") for log in ("processing", "audit") for lane in range(LANES)],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_register_legal_sources")]

    operations = [
        migrations.AlterModelOptions(
            name="chainhead", options={"ordering": ["log", "lane", "chain_month"]}
        ),
        migrations.RemoveConstraint(model_name="chainhead", name="chain_head_unique"),
        migrations.AddField(
            model_name="chainhead",
            name="lane",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddConstraint(
            model_name="chainhead",
            constraint=models.UniqueConstraint(
                fields=("log", "lane", "chain_month"), name="chain_head_lane_unique"
            ),
        ),
        migrations.RunPython(make_lane_rows, migrations.RunPython.noop),
    ]
