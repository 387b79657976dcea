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
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from django.utils.crypto import get_random_string

from eenloket import benchmarking_writes
from eenloket.accounts.middleware import SESSION_EPOCH, SESSION_LOGIN_AT
from eenloket.accounts.models import Membership, Role, User
from eenloket.benchmarking_ops import BENCH_USER, OPERATION_RUNS, OPERATIONS
from eenloket.cases.models import Case, CaseStatus
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import reference as directory_reference
from eenloket.directory import selectors as directory_selectors
from eenloket.directory.models import Team
from eenloket.portal import session as portal_session

__all__ = ["BENCH_USER", "OPERATIONS", "PAGES", "WRITES", "Page", "prepare", "run", "table"]

PAGES = (
    "worker home",
    "worklists",
    "case page",
    "directory search",
    "citizen overview",
    "citizen login page",
)
# Requests that change something: each acts on its own object, prepared before the clock runs
# (benchmarking_writes.py), and the partner API's list and accept (#21).
WRITES = (
    "handover send",
    "handover accept",
    "consent grant",
    "API list handovers",
    "API accept a handover",
)


@dataclass
class Page:
    name: str
    urls: list[str]  # requests rotate over these; a fresh page uses each once
    session: str  # who asks: "worker", "citizen", "anonymous", "receiver" or "api"
    method: str = "GET"
    body: dict | None = None  # the form's fields of a POST (or a JSON body for the API)
    expect: int = 200  # a write answers with a redirect to what it saved
    fresh: bool = False  # every request needs its own object: urls are used up, never repeated


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


class BenchError(RuntimeError):
    """The bench cannot measure what was asked; the message says why and what to do."""


def check_enough_objects(pages: list[Page], needed: int) -> None:
    """Refuse before timing anything when a write has fewer unused objects than the run needs
    (each request acts on its own object, and a run uses them up)."""
    short = [page for page in pages if page.fresh and len(page.urls) < needed]
    if short:
        page = short[0]
        raise BenchError(
            f"{page.name}: {len(page.urls)} unused objects for the {needed} requests asked; "
            "earlier runs used them up. Bench a new database with a bigger population "
            "(--persons), or ask fewer requests (--repeat, --requests, --clients)."
        )


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
    if not directory_selectors.reference_present():
        # The directory search must search something: the content every installation starts
        # with (the seed itself makes no schemes or organisations to find).
        say("loading the shipped directory content ...")
        directory_reference.load(actor=Actor.system("bench"))
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


def _ask(client, page: Page, url: str):
    """One request of ``page`` through the test client (which does not check CSRF)."""
    if page.method == "GET":
        return client.get(url)
    if page.session == "api":
        return client.post(url, json.dumps(page.body or {}), content_type="application/json")
    return client.post(url, page.body or {})


def measure_in_process(page: Page, client, *, repeat: int) -> Figures:
    """Time the page through the test client with its queries timed (after one warm-up).
    A fresh page needs ``repeat + 1`` urls: each request acts on its own object."""
    from django.db import connection

    if page.fresh and len(page.urls) < repeat + 1:
        raise BenchError(f"{page.name}: {len(page.urls)} objects for {repeat + 1} requests")
    _ask(client, page, page.urls[0])  # warm-up: templates, caches, prepared statements
    page_times, sql_times, counts = [], [], []
    for index in range(repeat):
        url = page.urls[(index + 1 if page.fresh else index) % len(page.urls)]
        sql = _SqlClock()
        with connection.execute_wrapper(sql):
            begin = time.perf_counter()
            response = _ask(client, page, url)
            elapsed = time.perf_counter() - begin
        if response.status_code != page.expect:
            raise BenchError(f"{url} answered {response.status_code}, not {page.expect}")
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

    def __init__(self, *, workers: int, profile: str = ""):
        self.port = _free_port()
        binary = Path(sys.executable).with_name("gunicorn")
        env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        app = "eenloket.wsgi:application"
        if profile:  # the same application, timed per request (benchmarking_profile.py)
            app = "eenloket.benchmarking_profile:application"
            env["EENLOKET_BENCH_PROFILE"] = profile
        self.process = subprocess.Popen(  # noqa: S603 - our own server, fixed arguments
            [
                str(binary),
                app,
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
                raise BenchError(f"gunicorn exited with {self.process.returncode}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/werk/inloggen/")
                connection.getresponse().read()
                return
            except OSError:
                time.sleep(0.2)
        raise BenchError("gunicorn did not answer within 60 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)


def drive(port: int, page: Page, headers: dict, *, clients: int, requests: int) -> dict:
    """Send ``requests`` requests per client from ``clients`` threads; return the figures.
    ``headers``: the session's (``http_headers``). A fresh page's urls are not reused: give it
    at least ``clients * requests`` of them."""
    if page.fresh and len(page.urls) < clients * requests:
        raise BenchError(f"{page.name}: {len(page.urls)} objects for {clients * requests}")
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    body = None
    if page.method == "POST" and page.session == "api":
        body = json.dumps(page.body or {}).encode()
    elif page.method == "POST":
        fields = dict(page.body or {}, csrfmiddlewaretoken=headers.get("X-CSRFToken", ""))
        body = urllib.parse.urlencode(fields, doseq=True).encode()
    headers = {k: v for k, v in headers.items() if k != "X-CSRFToken"}
    if page.method == "POST" and page.session != "api":
        headers["Content-Type"] = "application/x-www-form-urlencoded"

    def client(number: int) -> None:
        own, failed = [], 0
        for index in range(requests):
            url = page.urls[(number * requests + index) % len(page.urls)]
            begin = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                connection.request(page.method, url, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                connection.close()
                ok = response.status == page.expect
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


def http_headers(client, *, token: str = "") -> dict:
    """What a real client of this session sends: its session cookie and a CSRF cookie whose
    secret goes into each form it posts (``X-CSRFToken`` here, moved into the body by
    ``drive``); for the API, the bearer token."""
    from django.conf import settings

    if token:
        return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    secret = get_random_string(32)
    cookies = [f"{settings.CSRF_COOKIE_NAME}={secret}"]
    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    if morsel:
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={morsel.value}")
    return {"Cookie": "; ".join(cookies), "X-CSRFToken": secret}


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
    profile: str = "",
) -> dict:
    """Prepare, measure in process, then over HTTP; return everything as plain data.
    ``profile``: a directory where the server logs each request's inside (``--profile``)."""
    from django.db import connection

    world = prepare(persons=persons, seed=seed, teams=teams, say=say)
    pages, sessions = world["pages"], world["clients"]
    headers = {name: http_headers(client) for name, client in sessions.items()}
    writes = [name for name in WRITES if not only or name in only]
    if writes:
        extra = benchmarking_writes.prepare(
            writes, needed=objects_needed(concurrency, requests, repeat, workers), say=say
        )
        pages += [Page(**spec) for spec in extra["pages"]]
        sessions |= extra["clients"]
        headers |= {name: http_headers(c) for name, c in extra["clients"].items()}
        headers["api"] = http_headers(None, token=extra["token"])
    operations = [name for name in OPERATIONS if not only or name in only]
    if only:
        pages = [page for page in pages if page.name in only]
    check_enough_objects(pages, objects_needed(concurrency, requests, repeat, workers))
    measured = []
    for name in operations:
        say(f"operation: {name} ...")
        measured.append(OPERATION_RUNS[name](writers=max(concurrency), say=say))
    figures = []
    for page in pages:
        say(f"in process: {page.name} ...")
        own = _portion(page, repeat + 1)
        figures.append(measure_in_process(own, sessions[page.session], repeat=repeat))
    connection.close()  # the server's workers get the database to themselves
    if pages:
        server = Server(workers=workers, profile=profile)
        _over_http(server, workers, pages, figures, headers, concurrency, requests, say)
    return {
        "database": connection.vendor,
        "cases": world["cases"],
        "team_cases": world["team_cases"],
        "workers": workers,
        "cpus": os.cpu_count(),
        "pages": [asdict(f) | {"ratio": round(f.ratio, 2)} for f in figures],
        "operations": measured,
    }


def _per_client(clients: int, requests: int) -> int:
    return max(2, requests // clients) if clients > 1 else requests


def objects_needed(concurrency: list[int], requests: int, repeat: int, workers: int = 2) -> int:
    """Objects a fresh page uses up: in process (one warm-up), the server's warm-up (2 per
    worker), and every run over HTTP."""
    return repeat + 1 + 2 * workers + sum(c * _per_client(c, requests) for c in concurrency)


def _portion(page: Page, count: int) -> Page:
    """The page for the next ``count`` requests: a fresh page hands over (and loses) the next
    ``count`` of its objects; any other page rotates over all its urls."""
    if not page.fresh:
        return page
    taken, page.urls = page.urls[:count], page.urls[count:]
    return replace(page, urls=taken)


def _over_http(server, workers, pages, figures, headers, concurrency, requests, say) -> None:
    say("starting gunicorn ...")
    try:
        server.wait_ready()
        for page, figure in zip(pages, figures, strict=True):
            own = headers[page.session]
            # Warm every worker (its first request imports the views, compiles the templates):
            # as many clients as workers, so that no worker is left cold for the clock.
            warm = _portion(page, 2 * workers)
            drive(server.port, warm, own, clients=workers, requests=2)
            for clients in concurrency:
                say(f"over HTTP: {page.name}, {clients} client(s) ...")
                per_client = _per_client(clients, requests)
                figure.runs[clients] = drive(
                    server.port,
                    _portion(page, clients * per_client),
                    own,
                    clients=clients,
                    requests=per_client,
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
