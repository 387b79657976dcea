"""The load-reference command, from an empty directory."""

from django.core.management import call_command

from eenloket.directory.models import LifeEvent


def test_load_reference_command_is_idempotent(db, capsys):
    """Here, not in test_reference.py or test_hsds.py, whose tests share one loaded reference:
    this one needs an empty directory."""
    call_command("directory", "load-reference")
    first = capsys.readouterr().out
    call_command("directory", "load-reference")
    second = capsys.readouterr().out
    assert "41 schemes" in first or "schemes" in first
    assert "0 field changes recorded" in second
    assert LifeEvent.objects.count() >= 12
