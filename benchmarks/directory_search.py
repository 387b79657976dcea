"""Benchmark the directory search on a directory of 10,000 services (not part of `make test`).

    .venv/bin/python benchmarks/directory_search.py                 # SQLite in a temporary file
    DATABASE_URL=postgres://eenloket:eenloket@127.0.0.1:5432/bench \\
        .venv/bin/python benchmarks/directory_search.py             # an EMPTY PostgreSQL database

It migrates the database, loads the reference content, adds generated services (through the
services, so with history and search documents) until there are --services of them, then runs
the everyday query set (directory/tests/search_queries.json) --rounds times and prints the
median, 90th percentile and slowest search time, plus recall at 3 on the big directory.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

WORDS = (
    "hulp",
    "advies",
    "ondersteuning",
    "budget",
    "coaching",
    "training",
    "begeleiding",
    "spreekuur",
    "cursus",
    "inloop",
    "jongeren",
    "ouderen",
    "gezinnen",
    "mantelzorg",
    "vrijwilligers",
    "taal",
    "digitale",
    "vaardigheden",
    "sport",
    "cultuur",
    "vervoer",
    "maaltijden",
    "wonen",
    "energie",
    "water",
    "verzekering",
    "zorg",
    "welzijn",
    "werk",
    "re-integratie",
    "stage",
    "leerwerkplek",
    "opleiding",
    "administratie",
    "formulieren",
    "brieven",
    "buurt",
    "wijk",
    "thuis",
    "bezoek",
    "dagbesteding",
    "activering",
    "participatie",
    "meedoen",
    "armoede",
    "minima",
    "pas",
    "korting",
    "fonds",
    "bijdrage",
    "vergoeding",
    "regeling",
    "voorziening",
    "spreekuur",
    "loket",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    if "DATABASE_URL" not in os.environ:
        directory = tempfile.mkdtemp(prefix="eenloket-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{directory}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from eenloket.core.actor import Actor
    from eenloket.directory import evaluation, reference, search, services
    from eenloket.directory.models import Organisation, Service

    call_command("migrate", verbosity=0)
    reference_keys = [scheme["key"] for scheme in reference.read("schemes")["schemes"]]
    foreign = Service.objects.exclude(key__in=reference_keys).exclude(
        organisation__name__endswith="(benchmark)"
    )
    if foreign.exists():
        sys.exit("This database has services of its own: give the benchmark an empty database.")
    actor = Actor.system("benchmark")
    print(f"database: {connection.vendor}")
    started = time.perf_counter()
    reference.load(actor=actor)
    rng = random.Random(20261128)
    life_events = [le["key"] for le in reference.read("vocabulary")["life_events"]]
    needs = [n["key"] for n in reference.read("vocabulary")["needs"]]
    codes = [m["code"] for m in reference.read("vocabulary")["municipalities"]]
    organisations = [
        services.organisation_create(
            name=f"Welzijnsorganisatie {n:03d} (benchmark)", kind="care_welfare", actor=actor
        )
        for n in range(Organisation.objects.filter(name__endswith="(benchmark)").count(), 200)
    ] or list(Organisation.objects.filter(name__endswith="(benchmark)"))
    missing = args.services - Service.objects.count()
    for n in range(max(missing, 0)):
        words = rng.sample(WORDS, 8)
        services.service_create(
            organisation=organisations[n % len(organisations)],
            name=f"{words[0].capitalize()} {words[1]} {n}",
            description=" ".join(words[2:]),
            keywords=" ".join(rng.sample(WORDS, 3)),
            life_events=rng.sample(life_events, 2),
            needs=rng.sample(needs, 2),
            areas=rng.sample(codes, 1),
            actor=actor,
        )
        if n and n % 1000 == 0:
            print(f"  {n} services added ({time.perf_counter() - started:.0f} s)", flush=True)
    built = time.perf_counter() - started
    print(f"directory: {Service.objects.count()} services, built in {built:.0f} s")

    queries = [case["query"] for case in evaluation.json.loads(evaluation.QUERIES.read_text())]
    timings = []
    for _round in range(args.rounds):
        for query in queries:
            begin = time.perf_counter()
            search.run(query, filters=search.Filters(), include_private=True)
            timings.append((time.perf_counter() - begin) * 1000)
    timings.sort()
    recall, _outcomes = evaluation.evaluate()
    print(f"searches: {len(timings)} ({len(queries)} queries x {args.rounds} rounds)")
    print(f"median search time: {statistics.median(timings):.1f} ms")
    print(
        f"90th percentile: {timings[int(len(timings) * 0.9)]:.1f} ms; slowest: {timings[-1]:.1f} ms"
    )
    print(f"recall@3 on this directory: {recall:.3f}")


if __name__ == "__main__":
    main()
