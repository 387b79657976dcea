"""Measure the partner API on a seeded country: ``eenloket api_bench`` (docs/performance.md).

Reuses ``eenloket bench``'s set-up and server (``benchmarking.py``): the seeded population (made
when the database has none), gunicorn on 127.0.0.1. On top it makes a partner organisation (UWV)
with a team, a direct line and an API client, and hands over cases of the first seeded team to
it through the services (consent, draft, send), so the client has a queue of handovers. Then:

- *in process*: queries and time per request for listing (``GET /api/v1/handovers``) and for
  accepting (``POST /api/v1/handovers/{id}/accept``);
- *over HTTP* with 1 and N concurrent clients: median, p95 and requests per second. Every accept
  takes another sent handover, so each request does the real write.

For the demo and benchmarks only (``EENLOKET_MODE=demo``); it asserts nothing about speed.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import statistics
import threading
import time
from collections.abc import Callable

from django.db import connection
from django.test import Client

from eenloket import benchmarking
from eenloket.accounts.models import Membership, User
from eenloket.api import services as api_services
from eenloket.api.models import ApiClient
from eenloket.cases.models import Case, CaseStatus
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.directory.models import ContactPoint, Organisation, Team
from eenloket.handovers import services as handovers
from eenloket.handovers.models import Handover
from eenloket.handovers.states import State

PARTNER = "UWV (api bench)"
SCOPES = ["handovers.read", "handovers.write"]
SYSTEM = Actor.system("api bench")


def _partner() -> tuple[Team, ContactPoint, str]:
    """The partner's team, direct line and a fresh token of its client."""
    organisation, _made = Organisation.objects.get_or_create(
        name=PARTNER, defaults={"kind": Organisation.Kind.NATIONAL_AGENCY}
    )
    team, _made = Team.objects.get_or_create(organisation=organisation, name="WW bench")
    line = ContactPoint.objects.filter(team=team).first() or directory.contact_point_create(
        team=team, name="WW", service_level_hours=8, phone="030 000 00 99", actor=SYSTEM
    )
    client = ApiClient.objects.filter(organisation=organisation, name="bench").first()
    if client is None:
        client, token = api_services.client_create(
            name="bench", team=team, scopes=SCOPES, actor=SYSTEM
        )
    else:
        _token, token = api_services.token_rotate(client=client, actor=SYSTEM)
    return team, line, token


def _hand_over(sender: Actor, line: ContactPoint, partner_team: Team, count: int, say) -> None:
    """Make sure ``count`` handovers wait, sent, for the partner (through the services)."""
    waiting = Handover._base_manager.filter(to_team=partner_team, state=State.SENT).count()
    if waiting >= count:
        return
    say(f"handing over {count - waiting} cases to the partner ...")
    used = Handover._base_manager.filter(to_team=partner_team).values("case_id")
    cases = (
        Case._base_manager.filter(owning_team=sender.membership.team, status=CaseStatus.OPEN)
        .exclude(pk__in=used)
        .order_by("pk")[: count - waiting]
    )
    for case in cases:
        consent.consent_record(
            case=case,
            recipient=partner_team.organisation,
            categories=["contact", "income"],
            purpose="WW aanvragen",
            valid_until=clock.today() + dt.timedelta(days=60),
            given=True,
            recorded_via="desk",
            actor=sender,
        )
        draft = handovers.handover_draft(
            case=case,
            contact_point=line,
            question="Kunnen jullie helpen met de WW?",
            why_this_organisation="WW",
            asked="Bel haar.",
            actor=sender,
        )
        handovers.handover_send(handover=draft, actor=sender, reason_without_contact="bench")


def prepare(*, persons: int, seed: int, teams: int, handovers_needed: int, say) -> dict:
    world = benchmarking.prepare(persons=persons, seed=seed, teams=teams, say=say)
    user = User.objects.get(username=benchmarking.BENCH_USER)
    membership = Membership.objects.get(user=user)
    sender = Actor.worker(user, membership)
    partner_team, line, token = _partner()
    _hand_over(sender, line, partner_team, handovers_needed, say)
    sent = list(
        Handover._base_manager.filter(to_team=partner_team, state=State.SENT)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return {"token": token, "sent": sent, "cases": world["cases"]}


LIST_URLS = [
    "/api/v1/handovers?direction=incoming",
    "/api/v1/handovers?direction=incoming&state=sent",
    "/api/v1/handovers?direction=incoming&state=accepted",
]


def in_process(token: str, sent: list, *, repeat: int) -> dict:
    """Queries and median time per request, for listing and for accepting."""
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    figures = {}
    for name, calls in (
        ("list handovers", [("get", LIST_URLS[i % 3]) for i in range(repeat + 1)]),
        ("accept a handover", [("post", f"/api/v1/handovers/{pk}/accept") for pk in sent]),
    ):
        times, sql_times, counts = [], [], []
        for index, (method, url) in enumerate(calls[: repeat + 1]):
            sql = benchmarking._SqlClock()
            with connection.execute_wrapper(sql):
                begin = time.perf_counter()
                if method == "post":
                    answer = client.post(url, "{}", content_type="application/json")
                else:
                    answer = client.get(url)
                elapsed = time.perf_counter() - begin
            if answer.status_code != 200:
                raise RuntimeError(f"{url} answered {answer.status_code}: {answer.content[:200]}")
            if index:  # the first is a warm-up
                times.append(elapsed * 1000)
                sql_times.append(sql.seconds * 1000)
                counts.append(sql.count)
        figures[name] = {
            "queries": max(counts),
            "ms": statistics.median(times),
            "sql_ms": statistics.median(sql_times),
        }
    return figures


def drive(port: int, token: str, plans: list[list[tuple[str, str]]]) -> dict:
    """One thread per plan (a client), each sending its requests in turn; the figures."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def client(plan) -> None:
        own, failed = [], 0
        for method, url in plan:
            begin = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                conn.request(method, url, body=b"{}" if method == "POST" else None, headers=headers)
                answer = conn.getresponse()
                answer.read()
                conn.close()
                ok = answer.status == 200
            except OSError:
                ok = False
            own.append((time.perf_counter() - begin) * 1000)
            failed += not ok
        with lock:
            latencies.extend(own)
            errors[0] += failed

    threads = [threading.Thread(target=client, args=(plan,)) for plan in plans]
    begin = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - begin
    return {
        "median": statistics.median(latencies),
        "p95": benchmarking._p95(latencies),
        "rps": len(latencies) / wall,
        "errors": errors[0],
        "requests": len(latencies),
    }


def accepts_needed(concurrency: list[int], requests: int, repeat: int) -> int:
    return repeat + 1 + sum(_per_client(c, requests) * c for c in concurrency) + 2


def _per_client(clients: int, requests: int) -> int:
    return max(2, requests // clients) if clients > 1 else requests


def run(
    *,
    persons: int,
    seed: int,
    teams: int,
    workers: int,
    concurrency: list[int],
    requests: int,
    repeat: int,
    say: Callable[[str], None],
) -> dict:
    needed = accepts_needed(concurrency, requests, repeat)
    world = prepare(persons=persons, seed=seed, teams=teams, handovers_needed=needed, say=say)
    token, sent = world["token"], list(world["sent"])
    say("in process ...")
    figures = in_process(token, sent, repeat=repeat)
    sent = sent[repeat + 1 :]  # accepted in process
    connection.close()
    say(f"starting gunicorn with {workers} workers ...")
    server = benchmarking.Server(workers=workers)
    runs: dict[str, dict] = {"list handovers": {}, "accept a handover": {}}
    try:
        server.wait_ready()
        drive(server.port, token, [[("GET", LIST_URLS[0])] * 2])  # warm the workers
        for clients in concurrency:
            per = _per_client(clients, requests)
            say(f"over HTTP: {clients} client(s) ...")
            plans = [[("GET", LIST_URLS[(n + i) % 3]) for i in range(per)] for n in range(clients)]
            runs["list handovers"][clients] = drive(server.port, token, plans)
            plans = []
            for _n in range(clients):
                mine, sent = sent[:per], sent[per:]
                plans.append([("POST", f"/api/v1/handovers/{pk}/accept") for pk in mine])
            runs["accept a handover"][clients] = drive(server.port, token, plans)
    finally:
        server.stop()
    return {
        "database": connection.vendor,
        "cases": world["cases"],
        "workers": workers,
        "operations": [{"operation": k, **figures[k], "runs": runs[k]} for k in figures],
    }


def table(result: dict) -> str:
    concurrency = sorted({int(c) for op in result["operations"] for c in op["runs"]})
    head = ["operation", "queries", "in process ms", "SQL ms"]
    for clients in concurrency:
        head += [f"{clients} cl. median / p95 ms", f"{clients} cl. req/s"]
    lines = [
        f"{result['database']}, {result['cases']:,} cases, gunicorn {result['workers']} workers",
        "",
        "| " + " | ".join(head) + " |",
        "|---|" + "---:|" * (len(head) - 1),
    ]
    for op in result["operations"]:
        row = [op["operation"], str(op["queries"]), f"{op['ms']:.1f}", f"{op['sql_ms']:.1f}"]
        for clients in concurrency:
            r = op["runs"].get(clients) or op["runs"].get(str(clients))
            errors = f" ({r['errors']} errors)" if r["errors"] else ""
            row += [f"{r['median']:.0f} / {r['p95']:.0f}{errors}", f"{r['rps']:.1f}"]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def as_json(result: dict) -> str:
    return json.dumps(result, indent=2)
