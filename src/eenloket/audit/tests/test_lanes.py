"""Lanes (decision 0054): concurrent writers append to different chains without waiting, and
`audit verify` finds a changed, deleted, reordered or made-up line in any lane."""

import datetime as dt
import json
import threading
import time

import pytest
from django.db import connection, connections, transaction

from eenloket.access.who_looked import who_looked
from eenloket.audit import chain, processing, services
from eenloket.audit.models import ChainHead, LogName, ProcessingLogEntry
from eenloket.audit.seed_lines import seed_lines
from eenloket.audit.tests.helpers import raw
from eenloket.audit.verify import verify
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

LANE = 2  # the lane tampered with
FIRST = chain.lane_base(LANE) + 1


@pytest.fixture
def lanes():
    """300 lines in 6 records of 50, over 3 lanes: two records (100 lines) per lane."""
    seed_lines(count=300, lanes=3)
    report = verify()
    assert report.intact, report.broken
    assert report.entries == 300 + 0  # the seed writes no audit entries
    return {
        lane: list(
            ProcessingLogEntry.objects.filter(
                position__gt=chain.lane_base(lane), position__lt=chain.lane_base(lane + 1)
            ).order_by("position")
        )
        for lane in range(3)
    }


def _break():
    report = verify()
    assert not report.intact
    return report.broken


def test_each_lane_is_a_chain_of_its_own_from_its_own_first_position(lanes):
    assert [len(lines) for lines in lanes.values()] == [100, 100, 100]
    assert lanes[LANE][0].position == FIRST
    assert lanes[LANE][0].prev_hash == chain.GENESIS_HASH
    heads = ChainHead.objects.filter(log=LogName.PROCESSING).order_by("lane")
    assert [(h.lane, h.last_position) for h in heads] == [
        (lane, chain.lane_base(lane) + 100) for lane in range(3)
    ]


def test_an_edited_line_in_a_lane_is_found(lanes):
    raw(
        "UPDATE audit_processinglogentry SET categories = %s WHERE position = %s",
        [json.dumps(["income"]), FIRST + 40],
    )
    broken = _break()
    assert broken.position == FIRST + 40 and "content" in broken.reason


def test_a_deleted_line_in_a_lane_is_found(lanes):
    raw("DELETE FROM audit_processinglogentry WHERE position = %s", [FIRST + 40])
    broken = _break()
    assert broken.position == FIRST + 40 and "missing" in broken.reason


def test_a_deleted_last_line_of_a_lane_is_found(lanes):
    raw("DELETE FROM audit_processinglogentry WHERE position = %s", [FIRST + 99])
    broken = _break()
    assert broken.position == FIRST + 99 and "end" in broken.reason


def test_reordered_lines_in_a_lane_are_found(lanes):
    one, two = lanes[LANE][10], lanes[LANE][11]
    for target, source in ((one, two), (two, one)):
        raw(
            "UPDATE audit_processinglogentry SET data_subject_id = %s, prev_hash = %s, "
            "entry_hash = %s WHERE position = %s",
            [source.data_subject_id, source.prev_hash, source.entry_hash, target.position],
        )
    broken = _break()
    assert broken.position == one.position and "link" in broken.reason


def test_a_line_moved_to_another_lane_is_found(lanes):
    # Take lane 2's last line and put it at the end of lane 1, head moved along: the hash
    # covers the position, so it no longer matches.
    last = lanes[LANE][-1]
    end_of_lane_1 = lanes[1][-1]
    raw(
        "UPDATE audit_processinglogentry SET position = %s, prev_hash = %s WHERE position = %s",
        [end_of_lane_1.position + 1, end_of_lane_1.entry_hash, last.position],
    )
    ChainHead.objects.filter(log=LogName.PROCESSING, lane=1).update(
        last_position=end_of_lane_1.position + 1, last_hash=last.entry_hash
    )
    ChainHead.objects.filter(log=LogName.PROCESSING, lane=LANE).update(
        last_position=last.position - 1, last_hash=last.prev_hash
    )
    broken = _break()
    assert broken.position == end_of_lane_1.position + 1 and "content" in broken.reason


def test_a_line_in_a_lane_without_a_chain_is_found(lanes):
    made_up = chain.lane_base(7) + 1
    raw(
        "INSERT INTO audit_processinglogentry SELECT chain_month, %s, trace_id, operation_id, "
        "parent_operation_id, name, start_time, end_time, status_code, activity_key, "
        "activity_version_id, data_subject_id, data_subject_type, categories, attributes, "
        "prev_hash, entry_hash FROM audit_processinglogentry WHERE position = %s",
        [made_up, FIRST],
    )
    broken = _break()
    assert broken.position == made_up and "outside every chain" in broken.reason


def test_a_lane_deleted_with_its_head_is_found_by_its_checkpoint(lanes):
    chain.checkpoint_all()
    raw(
        "DELETE FROM audit_processinglogentry WHERE position > %s AND position < %s",
        [chain.lane_base(LANE), chain.lane_base(LANE + 1)],
    )
    ChainHead.objects.filter(log=LogName.PROCESSING, lane=LANE).delete()
    broken = _break()
    assert broken.position == FIRST + 99 and "no chain" in broken.reason


def test_a_list_read_shows_each_person_exactly_their_own_read(worker_client, membership):
    """One line per person read: each citizen's "who looked at my data" shows the list read of
    their data, once, and nobody else's; a person not on the list sees nothing of it."""
    listed = [factories.CaseFactory(owning_team=membership.team) for _ in range(3)]
    elsewhere = factories.CaseFactory()
    before = {c.person_id: len(who_looked(person_id=c.person_id)) for c in [*listed, elsewhere]}
    response = worker_client.get("/werk/werklijsten/?lijst=new")
    shown = [c.pk for c in response.context["lists"][0][2]]
    assert sorted(map(str, shown)) == sorted(str(c.pk) for c in listed)
    for case in listed:
        new = who_looked(person_id=case.person_id)
        assert len(new) - before[case.person_id] == 1
        assert new[0].organisation == membership.team.organisation.name
        assert not new[0].refused
    assert len(who_looked(person_id=elsewhere.person_id)) == before[elsewhere.person_id]
    read = ProcessingLogEntry.objects.filter(activity_key=processing.CASE_WORKLIST)
    assert read.count() == 3 and len({line.operation_id for line in read}) == 1


@pytest.mark.django_db(transaction=True)
def test_a_second_writer_takes_another_lane_instead_of_waiting():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: run with DATABASE_URL=postgres://... (CI does)")
    # Committed before, so neither writer makes the register, the month's partitions or the
    # lanes (as `audit partitions` does ahead; a flush before this test may have removed the
    # lanes the migration made).
    services.register_sync()
    for log in chain.MODELS:
        chain.make_lanes(log)
        chain.ensure_partition(log, chain.month_of(clock.now()))
    first_holds, second_done = threading.Event(), threading.Event()
    positions = {}

    def write(name, hold):
        try:
            with transaction.atomic():
                if not hold:
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL lock_timeout = '5s'")
                processing.record(
                    activity=processing.CASE_VIEW,
                    actor=Actor.system("test"),
                    subject_ids=[name],
                    categories=["contact"],
                    status=processing.STATUS_OK,
                )
                positions[name] = (
                    ProcessingLogEntry.objects.order_by("-position").values_list(
                        "position", flat=True
                    )
                )[0]
                if hold:
                    first_holds.set()
                    assert second_done.wait(10), "the second writer waited for the first"
                else:
                    second_done.set()
        finally:
            connections.close_all()

    first = threading.Thread(target=write, args=("first", True))
    first.start()
    assert first_holds.wait(10)
    second = threading.Thread(target=write, args=("second", False))
    second.start()
    second.join(15)
    first.join(15)
    assert chain.lane_of(positions["first"]) == 0
    assert chain.lane_of(positions["second"]) == 1
    assert verify().intact


def test_a_records_shared_text_encoded_once_gives_the_very_same_hashes():
    shared = {
        "activity_key": "case-worklist",
        "attributes": {"b": True, "a": [1, "ü"]},
        "categories": ["name"],
        "chain_month": "2026-12-01",
        "log": "processing",
        "name": 'a "quoted" name',
    }
    payloads = chain.Payloads()
    for subject, position, prev in (("ab12", 7, "0" * 64), ('sü"\\bj', 10**12 + 1, "f" * 64)):
        fields = {**shared, "data_subject_id": subject, "position": position, "prev_hash": prev}
        assert payloads.digest(fields) == chain.hash_payload(fields)
    # A value of another type that compares equal (1 and True) is not taken for the same.
    changed = {**shared, "attributes": {"b": 1, "a": [1, "ü"]}}
    fields = {**changed, "data_subject_id": "x", "position": 1, "prev_hash": "0" * 64}
    assert payloads.digest(fields) == chain.hash_payload(fields)


@pytest.mark.django_db(transaction=True)
def test_two_writers_at_the_start_of_a_month_both_get_its_partition(postgres_only):
    """The first writes of a month make its partition; a second writer that arrives while the
    first one's create is not yet committed waits for it, then writes into it, instead of
    failing with "already exists" (and its write with it)."""
    month = dt.date(2099, 1, 1)  # a partition no other test makes
    log = LogName.PROCESSING
    name = chain.partition_name(ProcessingLogEntry._meta.db_table, month)
    first_created, outcome = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                chain.ensure_partition(log, month)
                first_created.set()
                # Commit only once the second writer waits on this transaction (or after 5 s).
                with connection.cursor() as cursor:
                    for _ in range(100):
                        cursor.execute(
                            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                            "'Lock' AND datname = current_database()"
                        )
                        if cursor.fetchone()[0]:
                            break
                        time.sleep(0.05)
        finally:
            connections.close_all()

    def second():
        try:
            with transaction.atomic():
                chain.ensure_partition(log, month)
            outcome["second"] = "made or found"
        except Exception as error:  # what a writer's request would have failed with
            outcome["second"] = repr(error)
        finally:
            connections.close_all()

    try:
        one = threading.Thread(target=first)
        one.start()
        assert first_created.wait(10)
        chain.forget_partitions()  # the second writer is another process: it knows nothing yet
        two = threading.Thread(target=second)
        two.start()
        two.join(20)
        one.join(20)
        assert outcome == {"second": "made or found"}
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass(%s)", [f'"{name}"'])
            assert cursor.fetchone()[0] is not None
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{name}"')
        chain.forget_partitions()
