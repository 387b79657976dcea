"""Benchmark handover transitions and the no-drop invariant check on a seeded population.

    .venv/bin/python benchmarks/handovers.py                     # SQLite file, 100,000 persons
    .venv/bin/python benchmarks/handovers.py --persons 10000     # quicker
    DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/eenloket_bench \\
        .venv/bin/python benchmarks/handovers.py                 # PostgreSQL (database is reset)

Seeds with `eenloket seed` (about two cases per person: 100,000 persons give ~200,000 cases,
most of them open), then runs handovers through the services (draft, send, accept, start,
complete: each a locked, audited transition with its history line and, where it applies, a
message to the citizen) and times them, and times `invariants.violations()` over every open
case. Prints figures; asserts nothing about speed (not part of `make test`).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--handovers", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="eenloket-bench-"))
    os.environ.setdefault("EENLOKET_VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)

    from eenloket.accounts.models import Membership, Role, User
    from eenloket.cases.models import Case
    from eenloket.core.actor import Actor
    from eenloket.directory import services as directory
    from eenloket.directory.models import Team
    from eenloket.handovers import invariants, services
    from eenloket.handovers.states import State

    started = time.monotonic()
    call_command("seed", persons=args.persons, seed=args.seed, stdout=sys.stdout)
    print(f"seeded in {time.monotonic() - started:.0f} s")

    system = Actor.system("benchmark")
    sender_team = Team.objects.get(name="Seed team 1")
    receiver_team = Team.objects.get(name="Seed team 2")

    def worker(name, team):
        user = User.objects.create_user(username=name, password=None, display_name=name)
        membership = Membership.objects.create(
            user=user, organisation=team.organisation, team=team, role=Role.COORDINATOR
        )
        return Actor.worker(user, membership)

    sender, receiver = worker("sender", sender_team), worker("receiver", receiver_team)
    point = directory.contact_point_create(
        team=receiver_team,
        name="Benchmark line",
        service_level_hours=8,
        phone="030 - 000 00 99",
        actor=system,
    )
    open_cases = Case._base_manager.exclude(status="closed")
    print(f"database: {connection.vendor}; open cases: {open_cases.count():,}")
    case_ids = list(open_cases.filter(owning_team=sender_team).values_list("pk", flat=True))
    cases = list(Case._base_manager.filter(pk__in=case_ids[: args.handovers]))

    moves = 0
    begin = time.perf_counter()
    for case in cases:
        handover = services.handover_draft(
            case=case,
            contact_point=point,
            question="Vraag",
            why_this_organisation="Waarom",
            asked="Wat",
            actor=sender,
        )
        services.handover_send(handover=handover, actor=sender)
        for target in (State.ACCEPTED, State.IN_PROGRESS):
            services.handover_transition(handover=handover, target=target, actor=receiver)
        services.handover_transition(
            handover=handover, target=State.COMPLETED, actor=receiver, reason_code="helped"
        )
        moves += 5
    elapsed = time.perf_counter() - begin
    print(f"transitions: {moves:,} in {elapsed:.1f} s = {moves / elapsed:,.0f} per second")

    durations = []
    for _ in range(5):
        begin = time.perf_counter()
        found = invariants.violations()
        durations.append(time.perf_counter() - begin)
    print(
        f"invariant check over {open_cases.count():,} open cases: median "
        f"{statistics.median(durations) * 1000:.0f} ms ({len(found)} violations listed)"
    )


if __name__ == "__main__":
    main()
