"""A database of its own for tests that run real processes (the worker killed mid-send, gunicorn
killed mid-intake): a copy, for each test, of the database the run migrated once
(testing/database.py).

Migrating takes ~25 s of CPU, and on a loaded two-core machine a `migrate` per test ran past
its timeout. So `process_env` copies the run's migrated template instead: a file copy on SQLite,
and on PostgreSQL `CREATE DATABASE … TEMPLATE …`. The processes use the database kind the suite runs
on, so the PostgreSQL run of `.ci/run` kills them on PostgreSQL (the production database), not on
a SQLite file a second time.
"""

import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

# What the processes must not inherit from the test run: its database, its settings, its mode.
_NOT_INHERITED = ("DATABASE_URL", "EENLOKET_", "PYTEST", "DJANGO_SETTINGS")


def url(settings_dict: dict, name: str) -> str:
    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{name}"


def libpq_url(settings_dict: dict, name: str) -> str:
    return url(settings_dict, name).replace("postgres://", "postgresql://", 1)


def admin(settings_dict: dict, *statements: str, ending: str | None = None) -> None:
    """Run statements on the server's maintenance database (CREATE/DROP DATABASE cannot run
    inside a transaction, so autocommit); first end the connections to ``ending``."""
    import psycopg

    with psycopg.connect(libpq_url(settings_dict, "postgres"), autocommit=True) as maintenance:
        if ending:
            maintenance.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [ending],
            )
        for statement in statements:
            maintenance.execute(statement)


def base_env(var_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_NOT_INHERITED)}
    env.update(
        DATABASE_URL=database_url,
        EENLOKET_VAR_DIR=str(var_dir),
        EENLOKET_MODE="demo",
        # A shifted run shifts the processes' clock too (docs/testing.md).
        EENLOKET_CLOCK_SHIFT=os.environ.get("EENLOKET_CLOCK_SHIFT", ""),
    )
    return env


def run_command(args: list[str], env: dict, expect: int = 0, timeout: int = 180) -> str:
    """Run `eenloket <args>` as its own process; fail the test with its output if it ends
    otherwise than ``expect``."""
    result = subprocess.run(  # noqa: S603 (our own command, arguments from the test)
        [sys.executable, "-m", "eenloket", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == expect, (args, result.stdout[-1500:], result.stderr[-2500:])
    return result.stdout


@pytest.fixture(scope="session")
def migrated_template():
    """The run's migrated template (testing/database.py): a SQLite file or a PostgreSQL
    database, migrated once for the whole run and removed when the run ends."""
    from eenloket.testing import database  # database.py uses this module's helpers

    return database.run_template()


@pytest.fixture
def process_env(migrated_template, tmp_path):
    """The environment for `eenloket` processes of one test: a migrated database of its own
    (a copy of the template) and a var directory in the test's tmp_path."""
    from eenloket.testing import database  # database.py uses this module's helpers

    if "sqlite" in migrated_template:
        shutil.copyfile(migrated_template["sqlite"], tmp_path / "db.sqlite3")
        yield base_env(tmp_path, f"sqlite:///{tmp_path / 'db.sqlite3'}")
        return
    settings_dict, template = migrated_template["postgresql"]
    name = f"eenloket_process_{uuid.uuid4().hex[:12]}"
    with database.run_lock():  # the workers copy one template: one copy at a time
        admin(settings_dict, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    try:
        yield base_env(tmp_path, url(settings_dict, name))
    finally:
        # The test's processes are gone (killed or stopped); end any connection they left.
        admin(settings_dict, f'DROP DATABASE IF EXISTS "{name}"', ending=name)
