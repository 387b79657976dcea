"""/health/ and /ready/ (#22): liveness never touches the database; readiness says whether the
database answers and every migration is applied; both answer the orchestrator's plain-HTTP call
on the container's own address in production settings (no host check, no HTTPS redirect)."""

import pytest
from django.db import OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.executor import MigrationExecutor

from eenloket.core import health

pytestmark = pytest.mark.django_db

PRODUCTION_LIKE = {"ALLOWED_HOSTS": ["loket.example.nl"], "SECURE_SSL_REDIRECT": True}


@pytest.fixture
def production_like(settings):
    for name, value in PRODUCTION_LIKE.items():
        setattr(settings, name, value)


@pytest.fixture
def database_down(monkeypatch):
    def broken(self, name=None):
        raise OperationalError("server closed the connection unexpectedly")

    for wrapper in {BaseDatabaseWrapper, *(type(c) for c in connections.all())}:
        monkeypatch.setattr(wrapper, "create_cursor", broken, raising=False)


def test_health_and_ready_answer_on_the_containers_own_address(client, production_like):
    for path in ("/health/", "/ready/"):
        response = client.get(path, HTTP_HOST="172.18.0.5:8000")
        assert response.status_code == 200, path
        assert response.content == b"ok\n"
        assert response["Cache-Control"] == "no-store"
    # Any other page keeps the host check and the redirect to HTTPS.
    assert client.get("/werk/inloggen/", HTTP_HOST="loket.example.nl").status_code == 301
    assert client.get("/werk/inloggen/", HTTP_HOST="172.18.0.5:8000").status_code == 400


def test_health_needs_no_database_ready_says_it_is_down(client, database_down):
    assert client.get("/health/").status_code == 200
    response = client.get("/ready/")
    assert response.status_code == 503
    assert response.content == b"not ready: database unavailable\n"


def test_ready_waits_for_the_migrations_and_then_remembers(client, monkeypatch, settings):
    calls = []

    def pending(self, targets, clean_start=False):
        calls.append(targets)
        return [("a migration", False)]

    with monkeypatch.context() as patched:
        patched.setattr(MigrationExecutor, "migration_plan", pending)
        response = client.get("/ready/")
        assert response.status_code == 503
        assert response.content == b"not ready: 1 migration(s) not applied\n"
    # Applied: ready, and the migration graph is not loaded again on every call.
    readiness = health.Readiness()
    assert readiness.problem() == ""
    monkeypatch.setattr(MigrationExecutor, "migration_plan", pending)
    calls.clear()
    assert readiness.problem() == ""
    assert calls == []


def test_other_methods_go_on_to_the_site(client):
    assert client.post("/health/").status_code == 404
    assert client.head("/health/").status_code == 200
