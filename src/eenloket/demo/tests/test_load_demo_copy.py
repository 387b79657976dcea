"""``testing.database.load_demo``: the browser tests' demo world, copied back from the worker's
first load of the day, holds exactly what a load through the services holds."""

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from eenloket.testing import database

pytestmark = pytest.mark.django_db(transaction=True)


def _rows_per_model() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if not model._meta.proxy
    }


def test_the_copied_back_demo_world_equals_a_load_through_the_services(monkeypatch):
    if connection.vendor != "sqlite":
        pytest.skip("the copy is SQLite's backup API; on PostgreSQL load_demo loads")
    monkeypatch.setattr(database, "_demo_copies", {})  # this test's own first load
    database.load_demo()  # loads through the services and keeps a copy
    loaded = _rows_per_model()
    assert loaded["accounts.User"] > 0

    call_command("flush", interactive=False, verbosity=0)
    assert _rows_per_model()["accounts.User"] == 0
    database.load_demo()  # copies back
    assert _rows_per_model() == loaded

    # A database with data in it is never overwritten by the copy: it loads (and finds the
    # demo there, so nothing changes).
    database.load_demo()
    assert _rows_per_model() == loaded
