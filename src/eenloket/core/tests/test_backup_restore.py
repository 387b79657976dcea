"""Backups (#26, docs/operations.md): a pg_dump of a database full of real records restores
into a fresh database, where `eenloket audit verify` and `eenloket invariants` pass and every
table holds as many rows as the original. PostgreSQL only (the production database)."""

import os
import shutil
import subprocess
import sys
import uuid

import pytest
from django.db import connection

from eenloket.testing import authz

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _url(settings_dict, name):
    user, password = settings_dict["USER"], settings_dict["PASSWORD"]
    host, port = settings_dict["HOST"] or "127.0.0.1", settings_dict["PORT"] or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{name}"


def _counts(cursor) -> dict:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
        "ORDER BY 1"
    )
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_a_dump_restores_into_a_fresh_database_that_verifies(postgres_only, tmp_path):
    for tool in ("pg_dump", "pg_restore"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is missing: install postgresql-client (.ci/run does)")
    authz.build_world()  # cases, handovers, consents, documents, messages, logs: committed
    with connection.cursor() as cursor:
        before = _counts(cursor)
    assert before["cases_case"] >= 2 and before["audit_auditentry"] > 0

    source = connection.settings_dict
    dump = tmp_path / "eenloket.dump"
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"]}
    subprocess.run(
        [
            "pg_dump",
            "--format=custom",
            "--no-owner",
            f"--file={dump}",
            _url(source, source["NAME"]),
        ],
        check=True,
        env=env,
        timeout=300,
    )
    fresh = f"eenloket_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{fresh}"')
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                f"--dbname={_url(source, fresh)}",
                str(dump),
            ],
            check=True,
            env=env,
            timeout=300,
        )
        import psycopg

        with psycopg.connect(_url(source, fresh)) as restored, restored.cursor() as cursor:
            after = _counts(cursor)
        assert after == before

        run_env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
        run_env["DATABASE_URL"] = _url(source, fresh)
        for command in (["audit", "verify"], ["invariants"]):
            result = subprocess.run(
                [sys.executable, "-m", "eenloket", *command],
                env=run_env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            assert result.returncode == 0, (command, result.stdout, result.stderr[-2000:])
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
