"""``eenloket bench``: every page it times answers, its figures add up, bad options are refused."""

import pytest
from django.core.management import CommandError, call_command

from eenloket import benchmarking, benchmarking_ops


@pytest.mark.django_db(transaction=True)
def test_bench_measures_every_page_in_process_and_over_http(live_server):
    world = benchmarking.prepare(persons=120, seed=2, say=lambda message: None)
    assert world["team_cases"] > 0
    names = [page.name for page in world["pages"]]
    assert tuple(names) == benchmarking.PAGES
    # The directory search finds something: the shipped directory content was loaded.
    search = next(page for page in world["pages"] if page.name == "directory search")
    found = world["clients"]["worker"].get(search.urls[0]).content.decode()
    assert 'class="utrecht-ordered-list eenloket-results"' in found
    port = int(live_server.url.rsplit(":", 1)[1])
    figures = []
    for page in world["pages"]:
        client = world["clients"][page.session]
        figure = benchmarking.measure_in_process(page, client, repeat=2)
        assert figure.queries > 0 and figure.page_ms >= figure.sql_ms > 0, page.name
        headers = benchmarking.http_headers(client)
        # One client: SQLite under the threaded live server has no row locks for the log.
        figure.runs[1] = benchmarking.drive(port, page, headers, clients=1, requests=2)
        assert figure.runs[1]["errors"] == 0, page.name
        assert figure.runs[1]["requests"] == 2
        figures.append(figure)
    # A second prepare finds the seeded world and does not seed again.
    again = benchmarking.prepare(persons=120, seed=2, say=lambda message: None)
    assert again["cases"] == world["cases"]
    text = benchmarking.table(
        {
            "database": "sqlite",
            "cases": world["cases"],
            "team_cases": world["team_cases"],
            "workers": 1,
            "cpus": 2,
            "pages": [vars(f) | {"ratio": f.ratio} for f in figures],
        }
    )
    assert "| worklists | " in text and "1 cl. req/s" in text


@pytest.mark.django_db
def test_a_page_that_does_not_answer_200_stops_the_bench(client):
    page = benchmarking.Page("nowhere", ["/werk/nergens/"], "anonymous")
    with pytest.raises(RuntimeError, match="nergens"):
        benchmarking.measure_in_process(page, client, repeat=1)


@pytest.mark.parametrize(
    "options, message",
    [
        ({"clients": "1,veel"}, "comma"),
        ({"persons": 0}, "at least 1"),
        ({"pages": "worklists,werklijst"}, "unknown page 'werklijst'"),
    ],
)
def test_bench_refuses_bad_options(options, message):
    with pytest.raises(CommandError, match=message):
        call_command("bench", **options)


def test_bench_refuses_production(settings):
    settings.EENLOKET_MODE = "production"
    with pytest.raises(CommandError, match="production"):
        call_command("bench")


@pytest.mark.django_db(transaction=True)
def test_bench_operations_time_the_log_append_its_verify_and_the_invariants():
    benchmarking.prepare(persons=60, seed=3, say=lambda message: None)
    appended = benchmarking_ops.audit_append(writers=1, say=lambda m: None, seconds=0.3)
    assert appended["lines_per_second"] > 0 and "failed" not in appended["detail"]
    written = int(appended["detail"].split(" lines")[0].replace(",", ""))
    checked = benchmarking_ops.audit_verify(writers=1, say=lambda m: None)
    assert checked["lines"] >= written > 0 and "intact" in checked["detail"]
    invariants = benchmarking_ops.invariant_check(writers=1, say=lambda m: None)
    assert invariants["open_cases"] > 0 and "0 violations" in invariants["detail"]
    text = benchmarking.table(
        {
            "database": "sqlite",
            "cases": 1,
            "team_cases": 1,
            "workers": 1,
            "cpus": 2,
            "pages": [],
            "operations": [appended, checked, invariants],
        }
    )
    assert "| audit append, 1 writers | " in text and "| invariant check | " in text


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_each_writer_of_the_append_bench_is_a_process_and_the_log_verifies(
    postgres_only,
):
    from eenloket.audit.models import ProcessingLogEntry

    benchmarking.prepare(persons=60, seed=3, say=lambda message: None)
    before = ProcessingLogEntry.objects.count()
    appended = benchmarking_ops.audit_append(writers=3, say=lambda m: None, seconds=0.5)
    assert "writers as processes" in appended["detail"] and "failed" not in appended["detail"]
    written = int(appended["detail"].split(" lines")[0].replace(",", ""))
    # What the processes say they wrote is in the log, in chains that verify.
    assert ProcessingLogEntry.objects.count() - before == written > 0
    checked = benchmarking_ops.audit_verify(writers=1, say=lambda m: None)
    assert "intact" in checked["detail"]


def test_a_write_with_too_few_unused_objects_is_refused_before_anything_is_timed():
    read = benchmarking.Page("worklists", ["/werk/werklijsten/"], "worker")
    write = benchmarking.Page("consent grant", ["/a/", "/b/"], "worker", "POST", fresh=True)
    benchmarking.check_enough_objects([read], 10)  # a read page rotates over its urls

    with pytest.raises(benchmarking.BenchError, match="consent grant: 2 unused objects for the 10"):
        benchmarking.check_enough_objects([read, write], 10)


@pytest.mark.django_db(transaction=True)
def test_the_bench_command_says_when_the_writes_have_run_out_of_objects():
    # A country of 30 people has far fewer cases than 5,000 consent grants need.
    with pytest.raises(CommandError, match=r"consent grant: .* unused objects for the"):
        call_command("bench", persons=30, teams=2, pages="consent grant", repeat=5000)
