"""``eenloket bench``'s writes and partner API (``benchmarking_writes.py``): each request acts on
its own object prepared before the clock runs and does the real write, in process and over
HTTP (with the CSRF a browser sends); ``eenloket api_bench`` is the same command for the API."""

import io
import json

import pytest
from django.core.management import call_command

from eenloket import benchmarking, benchmarking_writes
from eenloket.consent.models import Consent
from eenloket.handovers.models import Handover

QUIET = {"say": lambda message: None}


def _state(url: str) -> str:
    pk = url.rstrip("/").split("/")[-2 if url.endswith("accept") else -1]
    return Handover._base_manager.get(pk=pk).state


@pytest.mark.django_db(transaction=True)
def test_every_write_does_its_real_work_in_process_and_over_http(live_server):
    benchmarking.prepare(persons=60, seed=3, teams=2, **QUIET)
    extra = benchmarking_writes.prepare(list(benchmarking.WRITES), needed=5, **QUIET)
    pages = {spec["name"]: benchmarking.Page(**spec) for spec in extra["pages"]}
    assert tuple(pages) == benchmarking.WRITES
    for name, page in pages.items():
        if page.fresh:
            assert len(page.urls) == len(set(page.urls)) == 5, name
    prepared = {name: list(page.urls) for name, page in pages.items()}
    sessions = {
        "worker": benchmarking.prepare(persons=60, seed=3, teams=2, **QUIET)["clients"]["worker"]
    } | extra["clients"]
    port = int(live_server.url.rsplit(":", 1)[1])
    for name, page in pages.items():
        own = benchmarking._portion(page, 3)  # 1 warm-up and 2 timed, in process
        figure = benchmarking.measure_in_process(own, sessions[page.session], repeat=2)
        assert figure.queries > 0 and figure.page_ms >= figure.sql_ms > 0, name
        headers = (
            benchmarking.http_headers(None, token=extra["token"])
            if page.session == "api"
            else benchmarking.http_headers(sessions[page.session])
        )
        run = benchmarking.drive(
            port, benchmarking._portion(page, 2), headers, clients=1, requests=2
        )
        assert run["errors"] == 0 and run["requests"] == 2, name
    # Each of the 5 prepared objects was used once (3 in process, 2 over HTTP) and changed.
    assert all(not page.urls for page in pages.values() if page.fresh)
    assert {_state(url) for url in prepared["handover send"]} == {"sent"}
    assert {_state(url) for url in prepared["handover accept"]} == {"accepted"}
    assert {_state(url) for url in prepared["API accept a handover"]} == {"accepted"}
    granted = Consent._base_manager.filter(
        recipient__name=benchmarking_writes.PARTNER, state="given"
    )
    cases = {url.split("/")[3] for url in prepared["consent grant"]}
    assert cases <= {str(pk) for pk in granted.values_list("case_id", flat=True)}


def test_a_fresh_page_refuses_to_repeat_an_object():
    page = benchmarking.Page("handover send", ["/a/", "/b/"], "worker", "POST", {}, 302, True)
    with pytest.raises(RuntimeError, match="2 objects for 4"):
        benchmarking.drive(1, page, {}, clients=2, requests=2)
    # 3 in process (1 warm-up), 2 per worker to warm the server, 8 by one client, 16 x 2.
    assert benchmarking.objects_needed([1, 16], 8, 2, workers=3) == 3 + 6 + 8 + 32


@pytest.mark.django_db(transaction=True)
def test_api_bench_is_bench_for_the_api_and_prints_the_table(live_server, monkeypatch, tmp_path):
    """The whole run, with the live server standing in for gunicorn (which would not see the
    test database)."""
    port = int(live_server.url.rsplit(":", 1)[1])

    class LiveServer:
        def __init__(self, *, workers, profile=""):
            self.port = port

        def wait_ready(self):
            pass

        def stop(self):
            pass

    monkeypatch.setattr(benchmarking, "Server", LiveServer)
    out, err = io.StringIO(), io.StringIO()
    target = tmp_path / "api-bench.json"
    call_command(
        "api_bench",
        persons=60,
        teams=2,
        workers=1,
        clients="1",
        requests=2,
        repeat=1,
        json=str(target),
        stdout=out,
        stderr=err,
    )
    assert "| API accept a handover | " in out.getvalue()
    assert "over HTTP: API list handovers, 1 client" in err.getvalue()
    result = json.loads(target.read_text())
    assert [page["page"] for page in result["pages"]] == [
        "API list handovers",
        "API accept a handover",
    ]
    assert all(page["runs"]["1"]["errors"] == 0 for page in result["pages"])
