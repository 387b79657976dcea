"""Benchmark the worklists and the case page on a seeded population.

    .venv/bin/python benchmarks/worklist.py                          # SQLite file, 100,000 persons
    .venv/bin/python benchmarks/worklist.py --persons 10000          # quicker
    DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/eenloket_bench \\
        .venv/bin/python benchmarks/worklist.py  # PostgreSQL (database is reset)

Seeds with `eenloket seed` (about two cases per person: 100,000 persons give ~200,000 cases),
makes one coordinator in the first seeded team, and times whole requests through Django's test
client (middleware, policy point, processing log writes included). Not part of `make test`: it
prints figures, it asserts nothing about speed.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50, help="timed requests per page")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="eenloket-bench-"))
    os.environ.setdefault("EENLOKET_VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    from eenloket.accounts.middleware import SESSION_LOGIN_AT
    from eenloket.accounts.models import Membership, Role, User
    from eenloket.cases.models import Case
    from eenloket.core import clock
    from eenloket.directory.models import Team

    started = time.monotonic()
    call_command("seed", persons=args.persons, seed=args.seed, stdout=sys.stdout)
    print(f"seeded in {time.monotonic() - started:.0f} s")

    team = Team.objects.get(name="Seed team 1")
    user = User.objects.create_user(username="bench", password=None, display_name="Bench")
    Membership.objects.create(
        user=user, organisation=team.organisation, team=team, role=Role.COORDINATOR
    )
    team_cases = Case._base_manager.filter(owning_team=team)
    mine = list(team_cases.values_list("pk", flat=True)[::2])
    Case._base_manager.filter(pk__in=mine).update(coordinator=user)
    total_cases = Case._base_manager.count()
    print(
        f"database: {connection.vendor}; cases: {total_cases:,}; "
        f"cases of the benchmark team: {team_cases.count():,}"
    )

    client = Client()
    client.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")
    session = client.session
    session[SESSION_LOGIN_AT] = clock.now().timestamp()
    session.save()

    def timed(url: str) -> float:
        begin = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - begin
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return elapsed * 1000

    rng = random.Random(args.seed)
    case_ids = list(team_cases.values_list("pk", flat=True)[:2000])
    for url in ("/werk/", "/werk/werklijsten/", f"/werk/zaken/{case_ids[0]}/"):
        timed(url)  # warm up
    results = {
        "home (team worklist)": [timed("/werk/") for _ in range(args.requests)],
        "four worklists": [timed("/werk/werklijsten/") for _ in range(args.requests)],
        "case page": [timed(f"/werk/zaken/{rng.choice(case_ids)}/") for _ in range(args.requests)],
    }
    for name, durations in results.items():
        print(
            f"{name:<22} median {statistics.median(durations):7.1f} ms   "
            f"p95 {sorted(durations)[int(len(durations) * 0.95) - 1]:7.1f} ms   "
            f"({len(durations)} requests)"
        )


if __name__ == "__main__":
    main()
