"""Copy the signals the breakthrough table kept in teamwork (free text on the breakthrough,
deleted with the case) into signals of their own: one signal and one report each, routed to the
first organisation at the table, with the regulation and effect unknown ("other")."""

from django.db import migrations
from django.utils import timezone


def copy(apps, schema_editor):
    Old = apps.get_model("teamwork", "Signal")
    Signal = apps.get_model("signals", "Signal")
    SignalReport = apps.get_model("signals", "SignalReport")
    for old in Old.objects.select_related("breakthrough__case").prefetch_related("organisations"):
        organisation = old.organisations.order_by("name").first()
        breakthrough = old.breakthrough
        if organisation is None or breakthrough is None:
            continue
        signal = Signal.objects.create(
            regulation="other",
            kind="law",
            organisation=organisation,
            title=old.blocker[:300],
            report_count=1,
            last_reported_at=old.created_at or timezone.now(),
        )
        SignalReport.objects.create(
            signal=signal,
            what_happened=old.blocker,
            effect="other",
            source="breakthrough",
            reported_by_id=breakthrough.submitted_by_id,
            reporter_team_id=breakthrough.case.owning_team_id,
            case_id=breakthrough.case_id,
            breakthrough=breakthrough,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("signals", "0001_initial"),
        ("teamwork", "0001_initial"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
