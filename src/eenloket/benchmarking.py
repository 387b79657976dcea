"""Measure the pages that must not grow with the country: ``eenloket bench`` (docs/performance.md).

Seeds a stated population when the database has none, makes a benchmark coordinator in the
first seeded team and a citizen with cases, then measures each page twice:

- *in process*, through Django's test client with every query captured: queries per request,
  the request's time, the time its SQL took (as the database driver saw it) and the ratio;
- *over HTTP* against gunicorn on 127.0.0.1 with N workers, first with 1 client, then with N
  concurrent clients (threads, each its own connection): median, p95 and requests per second.

For the demo and for benchmarks only (``EENLOKET_MODE=demo``); it asserts nothing about speed.
"""

from __future__ import annotations

import http.client
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from eenloket.accounts.middleware import SESSION_EPOCH, SESSION_LOGIN_AT
from eenloket.accounts.models import Membership, Role, User
from eenloket.audit import processing
from eenloket.audit.verify import verify
from eenloket.cases.models import Case, CaseStatus
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory.models import Team
from eenloket.handovers.invariants import violations
from eenloket.people.models import Person
from eenloket.portal import session as portal_session

BENCH_USER = "bench-coordinator"
PAGES = (
    "worker home",
    "worklists",
    "case page",
    "directory search",
    "citizen overview",
    "citizen login page",
)
# Operations that are not a page: timed in process (the other figures).
OPERATIONS = ("audit append", "audit verify", "invariant check")
AUDIT_SUBJECTS = 50  # persons per processing-log record, as a worklist page of 50 rows


@dataclass
class Page:
    name: str
    urls: list[str]  # requests rotate over these
    session: str  # "worker" or "citizen"


@dataclass
class Figures:
    page: str
    queries: int = 0
    page_ms: float = 0.0  # in process, median
    sql_ms: float = 0.0  # the same requests' SQL, median
    runs: dict = field(default_factory=dict)  # clients -> {"median", "p95", "rps", "errors"}

    @property
    def ratio(self) -> float:
        return self.page_ms / self.sql_ms if self.sql_ms else 0.0


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def prepare(*, persons: int, seed: int, say: Callable[[str], None], teams: int = 20) -> dict:
    """Seed when there is no seeded population yet; return the sessions and the pages to time."""
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    say("migrating ...")
    call_command("migrate", verbosity=0)
    team = Team.objects.filter(name="Seed team 1").first()
    if team is None:
        say(f"seeding {persons:,} persons (about {2 * persons:,} cases over {teams} teams) ...")
        call_command("seed", persons=persons, seed=seed, teams=teams, stdout=sys.stdout)
        team = Team.objects.get(name="Seed team 1")
    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user = User.objects.create_user(username=BENCH_USER, password=None, display_name="Bench")
        Membership.objects.create(
            user=user, organisation=team.organisation, team=team, role=Role.COORDINATOR
        )
        mine = list(Case._base_manager.filter(owning_team=team).values_list("pk", flat=True)[::2])
        Case._base_manager.filter(pk__in=mine).update(coordinator=user)
    worker = Client()
    worker.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")
    stored = worker.session
    stored[SESSION_LOGIN_AT] = clock.now().timestamp()
    stored[SESSION_EPOCH] = user.session_epoch
    stored.save()
    # The citizen: the person of an open case (of the benchmark team when it has one).
    open_cases = Case._base_manager.filter(status=CaseStatus.OPEN).order_by("pk")
    case = open_cases.filter(owning_team=team).first() or open_cases.first()
    citizen = Client()
    stored = citizen.session
    stored[portal_session.SESSION_PERSON] = str(case.person_id)
    stored[portal_session.SESSION_ASSURANCE] = "substantieel"
    stored[portal_session.SESSION_LOGIN_AT] = clock.now().timestamp()
    stored[portal_session.SESSION_METHOD] = "demo"
    stored[portal_session.SESSION_EMPLOYEE] = ""
    stored.save()
    rng = random.Random(seed)  # noqa: S311 - which cases to open, no secret
    team_cases = list(Case._base_manager.filter(owning_team=team).values_list("pk", flat=True))
    case_urls = [f"/werk/zaken/{pk}/" for pk in rng.sample(team_cases, min(50, len(team_cases)))]
    pages = [
        Page("worker home", ["/werk/"], "worker"),
        Page("worklists", ["/werk/werklijsten/"], "worker"),
        Page("case page", case_urls, "worker"),
        Page(
            "directory search",
            [f"/werk/sociale-kaart/?q={q}" for q in ("schulden", "huurtoeslag", "bijstand")],
            "worker",
        ),
        Page("citizen overview", ["/mijn/"], "citizen"),
        Page("citizen login page", ["/mijn/inloggen/"], "anonymous"),
    ]
    return {
        "clients": {"worker": worker, "citizen": citizen, "anonymous": Client()},
        "pages": pages,
        "cases": Case._base_manager.count(),
        "team_cases": len(team_cases),
    }


class _SqlClock:
    """Count the queries and add up the time the driver takes for each (execute wrapper)."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - begin
            self.count += 1


def measure_in_process(page: Page, client, *, repeat: int) -> Figures:
    """Time the page through the test client with its queries timed (after one warm-up)."""
    from django.db import connection

    client.get(page.urls[0])  # warm-up: templates, caches, prepared statements
    page_times, sql_times, counts = [], [], []
    for index in range(repeat):
        url = page.urls[index % len(page.urls)]
        sql = _SqlClock()
        with connection.execute_wrapper(sql):
            begin = time.perf_counter()
            response = client.get(url)
            elapsed = time.perf_counter() - begin
        if response.status_code != 200:
            raise RuntimeError(f"{url} answered {response.status_code}")
        page_times.append(elapsed * 1000)
        sql_times.append(sql.seconds * 1000)
        counts.append(sql.count)
    return Figures(
        page=page.name,
        queries=max(counts),
        page_ms=statistics.median(page_times),
        sql_ms=statistics.median(sql_times),
    )


def _free_port() -> int:
    with socket.socket() as probe:  # a free port: never someone else's server
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the same environment, started and stopped by us."""

    def __init__(self, *, workers: int):
        self.port = _free_port()
        binary = Path(sys.executable).with_name("gunicorn")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        self.process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                str(binary),
                "eenloket.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--timeout",
                "120",
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def wait_ready(self) -> None:
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/werk/inloggen/")
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def drive(port: int, page: Page, cookie: str, *, clients: int, requests: int) -> dict:
    """Send ``requests`` requests per client from ``clients`` threads; return the figures."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    headers = {"Cookie": cookie} if cookie else {}

    def client(number: int) -> None:
        own, failed = [], 0
        for index in range(requests):
            url = page.urls[(number * requests + index) % len(page.urls)]
            begin = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                connection.request("GET", url, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status == 200
            except OSError:
                ok = False
            own.append((time.perf_counter() - begin) * 1000)
            failed += not ok
        with lock:
            latencies.extend(own)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - begin
    return {
        "median": statistics.median(latencies),
        "p95": _p95(latencies),
        "rps": len(latencies) / wall,
        "errors": errors[0],
        "requests": len(latencies),
    }


def _cookie(client) -> str:
    from django.conf import settings

    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return f"{settings.SESSION_COOKIE_NAME}={morsel.value}" if morsel else ""


def run(
    *,
    persons: int,
    seed: int,
    teams: int = 20,
    only: list[str] | None = None,
    workers: int,
    concurrency: list[int],
    requests: int,
    repeat: int,
    say: Callable[[str], None],
) -> dict:
    """Prepare, measure in process, then over HTTP; return everything as plain data."""
    from django.db import connection

    world = prepare(persons=persons, seed=seed, teams=teams, say=say)
    pages, sessions = world["pages"], world["clients"]
    operations = [name for name in OPERATIONS if not only or name in only]
    if only:
        pages = [page for page in pages if page.name in only]
    measured = []
    for name in operations:
        say(f"operation: {name} ...")
        measured.append(OPERATION_RUNS[name](writers=max(concurrency), say=say))
    figures = []
    for page in pages:
        say(f"in process: {page.name} ...")
        figures.append(measure_in_process(page, sessions[page.session], repeat=repeat))
    connection.close()  # the server's workers get the database to themselves
    if pages:
        _over_http(pages, figures, sessions, workers, concurrency, requests, say)
    return {
        "database": connection.vendor,
        "cases": world["cases"],
        "team_cases": world["team_cases"],
        "workers": workers,
        "cpus": os.cpu_count(),
        "pages": [asdict(f) | {"ratio": round(f.ratio, 2)} for f in figures],
        "operations": measured,
    }


def _over_http(pages, figures, sessions, workers, concurrency, requests, say) -> None:
    say(f"starting gunicorn with {workers} workers ...")
    server = Server(workers=workers)
    try:
        server.wait_ready()
        for page, figure in zip(pages, figures, strict=True):
            cookie = _cookie(sessions[page.session])
            drive(server.port, page, cookie, clients=1, requests=2)  # warm the workers
            for clients in concurrency:
                say(f"over HTTP: {page.name}, {clients} client(s) ...")
                per_client = max(2, requests // clients) if clients > 1 else requests
                figure.runs[clients] = drive(
                    server.port, page, cookie, clients=clients, requests=per_client
                )
    finally:
        server.stop()


def table(result: dict) -> str:
    """Format the result as the Markdown table docs/performance.md shows."""
    concurrency = sorted({int(c) for page in result["pages"] for c in page["runs"]})
    head = ["page", "queries", "page ms", "SQL ms", "page ÷ SQL"]
    for clients in concurrency:
        head += [f"{clients} cl. median / p95 ms", f"{clients} cl. req/s"]
    lines = [
        f"{result['database']}, {result['cases']:,} cases ({result['team_cases']:,} of the "
        f"benchmark team), gunicorn {result['workers']} workers, {result['cpus']} CPUs",
        "",
        "| " + " | ".join(head) + " |",
        "|---|" + "---:|" * (len(head) - 1),
    ]
    for page in result["pages"]:
        row = [
            page["page"],
            str(page["queries"]),
            f"{page['page_ms']:.1f}",
            f"{page['sql_ms']:.1f}",
            f"{page['ratio']:.1f}x",
        ]
        for clients in concurrency:
            run_ = page["runs"].get(clients) or page["runs"].get(str(clients))
            errors = f" ({run_['errors']} errors)" if run_["errors"] else ""
            row += [f"{run_['median']:.0f} / {run_['p95']:.0f}{errors}", f"{run_['rps']:.1f}"]
        lines.append("| " + " | ".join(row) + " |")
    if result.get("operations"):
        lines += ["", "| operation | result | detail |", "|---|---:|---|"]
        for op in result["operations"]:
            lines.append(f"| {op['operation']} | {op['result']} | {op['detail']} |")
    return "\n".join(lines)


# --- operations -----------------------------------------------------------------------------


def audit_append(*, writers: int, say: Callable[[str], None], seconds: float = 10.0) -> dict:
    """``writers`` threads, each its own connection, record list reads of AUDIT_SUBJECTS persons
    each (one processing-log line per person, as a worklist does) for about ``seconds``."""
    from django.db import connection

    subjects = [
        str(pk) for pk in Person._base_manager.values_list("pk", flat=True)[: AUDIT_SUBJECTS * 20]
    ]
    actor = _bench_actor()
    lines = [0] * writers
    failures = [0] * writers
    stop_at = time.monotonic() + seconds

    def writer(number: int) -> None:
        rng = random.Random(number)  # noqa: S311 - which persons, no secret
        try:
            while time.monotonic() < stop_at:
                try:
                    processing.record(
                        activity=processing.CASE_WORKLIST,
                        actor=actor,
                        subject_ids=rng.sample(subjects, min(AUDIT_SUBJECTS, len(subjects))),
                        categories=("name",),
                        status=processing.STATUS_OK,
                        object_type="case_list",
                    )
                    lines[number] += min(AUDIT_SUBJECTS, len(subjects))
                except Exception:
                    failures[number] += 1
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - begin
    errors = f", {sum(failures)} failed" if sum(failures) else ""
    return {
        "operation": f"audit append, {writers} writers",
        "result": f"{sum(lines) / wall:,.0f} lines/s",
        "detail": f"{sum(lines):,} lines in {wall:.1f} s, {AUDIT_SUBJECTS} per record{errors}",
        "lines_per_second": sum(lines) / wall,
    }


def audit_verify(*, writers: int, say: Callable[[str], None]) -> dict:
    """``audit verify`` over every chain as it stands, walking chains in as many processes as
    the machine has cores (up to 4), as the command does."""
    begin = time.perf_counter()
    report = verify(workers=min(4, os.cpu_count() or 1))
    wall = time.perf_counter() - begin
    return {
        "operation": "audit verify",
        "result": f"{wall:.1f} s",
        "detail": f"{report.entries:,} lines ({report.entries / wall:,.0f}/s), "
        f"{'intact' if report.intact else 'BROKEN'}",
        "seconds": wall,
        "lines": report.entries,
    }


def invariant_check(*, writers: int, say: Callable[[str], None]) -> dict:
    """The no-drop invariants (``eenloket invariants``) over every open case."""
    open_cases = Case._base_manager.exclude(status=CaseStatus.CLOSED).count()
    begin = time.perf_counter()
    found = violations()
    wall = time.perf_counter() - begin
    return {
        "operation": "invariant check",
        "result": f"{wall:.1f} s",
        "detail": f"{open_cases:,} open cases, {len(found)} violations",
        "seconds": wall,
        "open_cases": open_cases,
    }


def _bench_actor() -> Actor:
    user = User.objects.get(username=BENCH_USER)
    membership = Membership.objects.filter(user=user).select_related("team").first()
    return Actor.worker(user, membership)


OPERATION_RUNS: dict[str, Callable[..., dict]] = {
    "audit append": audit_append,
    "audit verify": audit_verify,
    "invariant check": invariant_check,
}
