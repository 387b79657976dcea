"""``eenloket api_bench``: its set-up hands over real cases, each operation answers, its figures
add up, bad options are refused."""

import pytest
from django.core.management import CommandError, call_command

from eenloket import benchmarking_api as bench
from eenloket.handovers.models import Handover


@pytest.mark.django_db(transaction=True)
def test_api_bench_lists_and_accepts_in_process_and_over_http(live_server):
    say = []
    world = bench.prepare(persons=60, seed=3, teams=2, handovers_needed=8, say=say.append)
    assert len(world["sent"]) >= 8
    assert any("handing over" in line for line in say)
    figures = bench.in_process(world["token"], world["sent"], repeat=2)
    assert figures["list handovers"]["queries"] > 0
    assert figures["accept a handover"]["ms"] >= figures["accept a handover"]["sql_ms"] > 0
    accepted = Handover.objects.filter(pk__in=world["sent"][:3], state="accepted").count()
    assert accepted == 3  # each in-process accept did the real write
    port = int(live_server.url.rsplit(":", 1)[1])
    rest = world["sent"][3:5]
    runs = {
        "list handovers": {1: bench.drive(port, world["token"], [[("GET", bench.LIST_URLS[0])]])},
        "accept a handover": {
            1: bench.drive(
                port, world["token"], [[("POST", f"/api/v1/handovers/{pk}/accept") for pk in rest]]
            )
        },
    }
    assert runs["accept a handover"][1]["errors"] == 0
    assert runs["accept a handover"][1]["requests"] == 2
    text = bench.table(
        {
            "database": "sqlite",
            "cases": world["cases"],
            "workers": 1,
            "operations": [{"operation": k, **figures[k], "runs": runs[k]} for k in figures],
        }
    )
    assert "| accept a handover | " in text and "1 cl. req/s" in text
    assert '"operations"' in bench.as_json({"operations": []})
    # A second set-up finds the partner and the handovers: nothing handed over again.
    again = bench.prepare(persons=60, seed=3, teams=2, handovers_needed=3, say=say.append)
    assert set(again["sent"]) <= set(world["sent"])


def test_api_bench_counts_the_handovers_it_needs():
    # 3 in process (1 warm-up), 8 by one client, 16 clients x 2 (at least two each), 2 spare.
    assert bench.accepts_needed([1, 16], 8, 2) == 3 + 8 + 32 + 2


def test_api_bench_refuses_bad_options():
    with pytest.raises(CommandError, match="numbers separated by commas"):
        call_command("api_bench", clients="one")
    with pytest.raises(CommandError, match="at least 1"):
        call_command("api_bench", workers=0)


@pytest.mark.django_db(transaction=True)
def test_the_command_runs_everything_and_prints_the_table(live_server, monkeypatch, tmp_path):
    """The whole run, with the live server standing in for gunicorn (which would not see the
    test database)."""
    import io
    import json

    port = int(live_server.url.rsplit(":", 1)[1])

    class LiveServer:
        def __init__(self, *, workers):
            self.port = port

        def wait_ready(self):
            pass

        def stop(self):
            pass

    monkeypatch.setattr(bench.benchmarking, "Server", LiveServer)
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
    assert "| list handovers | " in out.getvalue() and "over HTTP: 1 client" in err.getvalue()
    result = json.loads(target.read_text())
    assert [op["operation"] for op in result["operations"]] == [
        "list handovers",
        "accept a handover",
    ]
    assert all(op["runs"]["1"]["errors"] == 0 for op in result["operations"])
