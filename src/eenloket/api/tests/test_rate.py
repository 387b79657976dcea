"""The API's rate limit is counted in the database (api/rate.py, decision 0057): every process
and machine counts a caller together, windows roll over, the public directory is limited per
address without storing the address, and ended windows are removed."""

import datetime as dt
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from eenloket.api import rate
from eenloket.api.models import RateWindow
from eenloket.core import clock

URL = "/api/v1/handovers"
PUBLIC = "/api/v1/hsds/services?per_page=1"


def _second_of_a_minute(second: float) -> dt.datetime:
    """A moment ``second`` seconds into a minute one hour from now (the real clock's day)."""
    start = clock.now().replace(second=0, microsecond=0) + dt.timedelta(hours=1)
    return start + dt.timedelta(seconds=second)


def test_the_count_is_in_the_database_not_in_the_process(partner_world, settings):
    settings.EENLOKET_API_RATE = "2/m"
    with clock.frozen(_second_of_a_minute(10)):
        assert partner_world.uwv_api.get(URL).status_code == 200
        cache.clear()  # what another process would see of this one's memory: nothing
        assert partner_world.uwv_api.get(URL).status_code == 200
        cache.clear()
        refused = partner_world.uwv_api.get(URL)
    assert refused.status_code == 429
    window = RateWindow.objects.get(caller=f"client:{partner_world.uwv_client.pk}")
    assert window.hits == 3
    assert window.window_end - window.window_start == 60


def test_a_new_window_starts_the_count_again_and_retry_after_says_when(partner_world, settings):
    settings.EENLOKET_API_RATE = "1/m"
    with clock.frozen(_second_of_a_minute(50)):
        assert partner_world.uwv_api.get(URL).status_code == 200
        refused = partner_world.uwv_api.get(URL)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 10
    with clock.frozen(_second_of_a_minute(60)):
        assert partner_world.uwv_api.get(URL).status_code == 200


def test_the_public_directory_is_limited_per_address_kept_only_as_a_keyed_hash(db, settings):
    settings.EENLOKET_API_PUBLIC_RATE = "2/m"
    here = Client(REMOTE_ADDR="192.0.2.7")
    with clock.frozen(_second_of_a_minute(5)):
        assert here.get(PUBLIC).status_code == 200
        assert here.get(PUBLIC).status_code == 200
        refused = here.get(PUBLIC)
        assert Client(REMOTE_ADDR="192.0.2.8").get(PUBLIC).status_code == 200
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"
    callers = list(RateWindow.objects.values_list("caller", flat=True))
    assert len(callers) == 2
    assert all(c.startswith("address:") and "192.0.2" not in c for c in callers)
    assert rate.address_caller("192.0.2.7") in callers


def test_an_invented_forwarded_for_header_does_not_escape_the_limit(db, settings):
    settings.EENLOKET_API_PUBLIC_RATE = "2/m"
    with clock.frozen(_second_of_a_minute(5)):
        answers = [
            Client(REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
            .get(PUBLIC)
            .status_code
            for n in range(3)
        ]
    assert answers == [200, 200, 429]


def test_behind_the_proxy_the_address_the_proxy_saw_counts(db, settings):
    settings.EENLOKET_API_PUBLIC_RATE = "1/m"
    settings.EENLOKET_BEHIND_TLS_PROXY = True

    def ask(forwarded):
        return Client(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).get(PUBLIC)

    with clock.frozen(_second_of_a_minute(5)):
        answers = [ask("203.0.113.1, 192.0.2.7"), ask("203.0.113.2, 192.0.2.7"), ask("192.0.2.8")]
    assert [a.status_code for a in answers] == [200, 429, 200]


def test_the_job_removes_the_windows_that_have_ended(db):
    with clock.frozen(_second_of_a_minute(30)):
        rate.count_request("client:ended", 60)
    with clock.frozen(_second_of_a_minute(90)):
        rate.count_request("client:current", 60)
        assert rate.forget_old() == 1
    assert list(RateWindow.objects.values_list("caller", flat=True)) == ["client:current"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_requests_at_the_same_moment_each_count_once(postgres_only):
    """Eight processes' requests at once (threads, each with its own connection): the counts
    are 1 to 8, none lost, none twice (the cache's read-then-write could lose some)."""
    counts, barrier = [], threading.Barrier(8)

    def request():
        barrier.wait()
        try:
            counts.append(rate.count_request("client:racing", 60).hits)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 9))
