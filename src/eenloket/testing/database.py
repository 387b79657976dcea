"""The test database, migrated once per test run (docs/testing.md).

Migrating takes ~25 s of CPU (68 migrations, SQL for the log's partitions and the search index).
pytest-django migrates a test database for every xdist worker, and the tests that run real
processes migrated a template of their own in every worker again: up to eight migrations per run,
about a minute and a half of CPU on a two-core machine. Django's own parallel runner migrates once
and copies; this does the same across the xdist worker processes:

- the first worker to need a database migrates a *run template*, under a file lock the others
  wait on: a SQLite file, or a PostgreSQL database;
- every worker then copies it into its own test database: SQLite's backup API into the worker's
  in-memory database, or ``CREATE DATABASE … TEMPLATE …`` on PostgreSQL;
- the processes tests (``testing/processes.py``) copy the same template for each test;
- the process that started the run (the xdist controller, or pytest alone) removes the template
  when the run ends. A template left by a killed run is removed by a run a day later.

The run is named by ``EENLOKET_TEST_RUN``, set once by that first process: the xdist workers it
starts inherit it. ``--reuse-db`` has no effect: every run migrates afresh, as CI does.
"""

import fcntl
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest

from eenloket.testing import processes

RUN = "EENLOKET_TEST_RUN"
# PostgreSQL templates are named with their run's start, so a later run can tell an old one.
TEMPLATE_PREFIX = "eenloket_tpl_"
LEFT_BEHIND_AFTER_SECONDS = 24 * 3600


def start_run() -> None:
    """In the process that starts the run (before xdist starts its workers)."""
    os.environ.setdefault(RUN, f"{int(time.time())}_{uuid.uuid4().hex[:10]}")


def _run_dir() -> Path:
    path = Path(tempfile.gettempdir()) / f"eenloket-test-run-{os.environ[RUN]}"
    path.mkdir(exist_ok=True)
    return path


@contextmanager
def run_lock():
    with open(_run_dir() / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _postgres_settings() -> dict | None:
    from django.conf import settings

    default = settings.DATABASES["default"]
    return default if "postgresql" in default["ENGINE"] else None


def run_template() -> dict:
    """The run's migrated template, made by the first worker that asks: ``{"sqlite": path}`` or
    ``{"postgresql": (settings_dict, name)}``."""
    settings_dict = _postgres_settings()
    with run_lock():
        done = _run_dir() / "migrated"
        if settings_dict is None:
            path = _run_dir() / "template.sqlite3"
            if not done.exists():
                env = processes.base_env(_run_dir(), f"sqlite:///{path}")
                processes.run_command(["migrate", "--verbosity", "0"], env, timeout=600)
                done.touch()
            return {"sqlite": path}
        name = TEMPLATE_PREFIX + os.environ[RUN]
        if not done.exists():
            _drop_left_behind(settings_dict)
            processes.admin(
                settings_dict, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"'
            )
            env = processes.base_env(_run_dir(), processes.url(settings_dict, name))
            processes.run_command(["migrate", "--verbosity", "0"], env, timeout=600)
            done.touch()
        return {"postgresql": (settings_dict, name)}


def _drop_left_behind(settings_dict: dict) -> None:
    """Templates of runs that started more than a day ago (a run killed before its end)."""
    import psycopg

    with psycopg.connect(processes.libpq_url(settings_dict, "postgres"), autocommit=True) as admin:
        names = [
            row[0]
            for row in admin.execute(
                "SELECT datname FROM pg_database WHERE datname LIKE %s", [TEMPLATE_PREFIX + "%"]
            )
        ]
    for name in names:
        started = name.removeprefix(TEMPLATE_PREFIX).split("_")[0]
        if started.isdigit() and time.time() - int(started) > LEFT_BEHIND_AFTER_SECONDS:
            processes.admin(settings_dict, f'DROP DATABASE IF EXISTS "{name}"', ending=name)


def end_run() -> None:
    """In the process that started the run, after its workers ended."""
    if RUN not in os.environ:
        return
    settings_dict = _postgres_settings()
    if settings_dict is not None and (_run_dir() / "migrated").exists():
        name = TEMPLATE_PREFIX + os.environ[RUN]
        processes.admin(settings_dict, f'DROP DATABASE IF EXISTS "{name}"', ending=name)
    shutil.rmtree(_run_dir(), ignore_errors=True)


def set_up_test_database() -> tuple[str, str]:
    """Copy the run template into this worker's test database and point the connections at it.
    Returns (the name before, the test database's name) for ``tear_down_test_database``."""
    from django.conf import settings
    from django.db import connections

    template = run_template()
    connection = connections["default"]
    original = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    connection.close()
    if "postgresql" in template:
        settings_dict, template_name = template["postgresql"]
        # One copy at a time: PostgreSQL refuses a copy while another session is in the template.
        with run_lock():
            processes.admin(
                settings_dict,
                f'DROP DATABASE IF EXISTS "{test_name}"',
                f'CREATE DATABASE "{test_name}" TEMPLATE "{template_name}"',
                ending=test_name,
            )
    settings.DATABASES["default"]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    connection.ensure_connection()
    if "sqlite" in template:
        # The in-memory database lives as long as this connection, which Django keeps open.
        with sqlite3.connect(template["sqlite"]) as source:
            source.backup(connection.connection)
    for alias in connections:
        if alias != "default" and connections[alias].settings_dict["TEST"].get("MIRROR"):
            connections[alias].creation.set_as_test_mirror(connection.settings_dict)
    return original, test_name


def tear_down_test_database(original: str, test_name: str) -> None:
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    if connection.vendor == "postgresql":
        connections.close_all()
        processes.admin(
            connection.settings_dict, f'DROP DATABASE IF EXISTS "{test_name}"', ending=test_name
        )
    settings.DATABASES["default"]["NAME"] = original
    connection.settings_dict["NAME"] = original


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker, django_db_modify_db_settings):
    """pytest-django's fixture, with the run's template copied instead of migrating again."""
    with django_db_blocker.unblock():
        names = set_up_test_database()
    yield
    with django_db_blocker.unblock():
        tear_down_test_database(*names)


# The demo world as the first browser test of this worker left it, per day (see load_demo).
_demo_copies: dict = {}


def load_demo() -> None:
    """Load the demo world into an empty database, for a test whose writes are committed (the
    browser tests: the live server reads what the test wrote, so the module-wide, rolled-back
    ``demo_world`` cannot serve them).

    Loading through the services costs about 5 s of CPU. On SQLite this worker keeps a copy of
    the in-memory database right after its first load of the day, and later tests copy it back
    with SQLite's backup API (milliseconds): the same rows, made by the same services. A frozen
    clock, PostgreSQL or a database that already holds data loads through the services."""
    from django.db import connection

    from eenloket.accounts.models import User
    from eenloket.core import clock
    from eenloket.demo import data as demodata

    # A frozen clock's world differs from one made now: its test loads its own.
    frozen = clock._frozen_at is not None
    if connection.vendor != "sqlite" or frozen or User.objects.exists():
        demodata.load()
        return
    connection.ensure_connection()
    day = clock.today()
    copy = _demo_copies.get(day)
    if copy is None:
        demodata.load()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _demo_copies[day] = copy
    else:
        copy.backup(connection.connection)
