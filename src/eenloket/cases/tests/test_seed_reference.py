"""``eenloket seed --reference``: handovers, timelines and log lines in the reference
proportions, valid (invariants and `audit verify` hold), dated by the project clock, resumable."""

import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F

from eenloket import seeding, seeding_work
from eenloket.audit.models import ProcessingLogEntry
from eenloket.audit.verify import verify
from eenloket.cases.models import (
    Case,
    CaseNote,
    CaseStatus,
    CaseStatusChange,
    CaseTeam,
    Confirmation,
    Contact,
)
from eenloket.core import clock
from eenloket.handovers.invariants import violations
from eenloket.handovers.models import Handover, HandoverEvent
from eenloket.handovers.states import FINAL, OPEN, State

pytestmark = pytest.mark.django_db


def _timeline_rows() -> int:
    return sum(m.objects.count() for m in (Contact, CaseNote, Confirmation, CaseStatusChange))


def _check_reference_seed(capsys):
    call_command("seed", reference=True, persons=60, teams=5)
    out = capsys.readouterr().out
    assert "/s" in out and "ETA" in out  # the progress line has a rate and a time left
    cases = Case.objects.count()
    assert 60 <= cases <= 110  # 1.25 per main person
    assert 1.6 <= Handover.objects.count() / cases <= 2.4
    assert 8.5 <= _timeline_rows() / cases <= 11.5
    assert ProcessingLogEntry.objects.count() == 20 * 60 * 5 // 4
    # States across the lifecycle, each handover between two different seed teams.
    states = set(Handover.objects.values_list("state", flat=True))
    assert {State.SENT, State.IN_PROGRESS, State.COMPLETED, State.DECLINED} <= states
    assert not Handover.objects.filter(from_team=F("to_team")).exists()
    assert not Handover.objects.filter(state__in=OPEN, case__status=CaseStatus.CLOSED).exists()
    # Sent handovers gave the receiver access, closed ones ended it.
    sent = Handover.objects.exclude(sent_at=None)
    assert CaseTeam.objects.count() == sent.count()
    assert CaseTeam.objects.filter(ended_at=None).count() == sent.exclude(state__in=FINAL).count()
    assert HandoverEvent.objects.count() >= sent.count()
    # Everything dated by the project clock, not before its case opened.
    now = clock.now()
    for note in CaseNote.objects.select_related("case")[:200]:
        assert note.case.opened_at <= note.created_at <= now
    for change in CaseStatusChange.objects.order_by("case_id", "changed_at"):
        assert change.from_status != change.to_status
    last = {}
    for change in CaseStatusChange.objects.order_by("changed_at"):
        last[change.case_id] = change.to_status
    statuses = dict(Case.objects.filter(pk__in=last).values_list("pk", "status"))
    assert last == statuses  # the history ends in the case's status
    assert violations() == []
    assert verify().intact


def test_reference_proportions_are_valid_and_dated_by_the_clock(capsys):
    _check_reference_seed(capsys)


def test_reference_seed_with_copy_on_postgresql(capsys):
    if connection.vendor != "postgresql":
        pytest.skip("COPY runs on PostgreSQL; .ci/run runs this on PostgreSQL")
    _check_reference_seed(capsys)


def _work_snapshot():
    return (
        sorted(Handover.objects.values_list("id", "case_id", "to_team_id", "state")),
        sorted(HandoverEvent.objects.values_list("id", "target")),
        sorted(CaseNote.objects.values_list("id", "case_id")),
        sorted(CaseStatusChange.objects.values_list("id", "to_status")),
        sorted(Contact.objects.values_list("id", "case_id")),
        # Times run up to the clock's now, which moves on between runs; which links ended does not.
        sorted(
            (c, t, e is None)
            for c, t, e in CaseTeam.objects.values_list("case_id", "team_id", "ended_at")
        ),
    )


def _drop_work():
    for model in (HandoverEvent, CaseTeam, Handover, CaseNote, CaseStatusChange):
        model.objects.all().delete()
    Contact.objects.exclude(recorded_by=None).delete()


def test_an_interrupted_seed_goes_on_where_it_stopped_without_duplicates(monkeypatch):
    monkeypatch.setattr(seeding_work, "BATCH", 10)
    made = seeding.seed(persons=40, seed=4, teams=4)
    seeding_work.seed_work(teams=made.teams, seed=4)
    whole = _work_snapshot()
    _drop_work()

    real = seeding_work._work_batch
    calls = []

    def stops_at_the_third_batch(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        real(*args, **kwargs)

    monkeypatch.setattr(seeding_work, "_work_batch", stops_at_the_third_batch)
    with pytest.raises(KeyboardInterrupt):
        seeding_work.seed_work(teams=made.teams, seed=4)
    assert 0 < len(_work_snapshot()[2]) < len(whole[2])  # two batches' notes are there
    monkeypatch.setattr(seeding_work, "_work_batch", real)
    resumed = seeding_work.seed_work(teams=made.teams, seed=4)
    assert resumed.resumed == 20 and resumed.cases == Case.objects.count() - 20
    assert _work_snapshot() == whole
    again = seeding_work.seed_work(teams=made.teams, seed=4)
    assert again.cases == 0 and again.resumed == Case.objects.count()
    assert _work_snapshot() == whole


def test_log_lines_are_a_total_so_a_second_run_adds_only_what_is_missing():
    call_command("seed", log_lines=300, log_lanes=3)
    call_command("seed", log_lines=500, log_lanes=3)
    call_command("seed", log_lines=500, log_lanes=3)
    assert ProcessingLogEntry.objects.count() == 500
    assert verify().intact


@pytest.mark.parametrize(
    ("final", "count"),
    [(CaseStatus.OPEN, 0), (CaseStatus.OPEN, 3), (CaseStatus.ON_HOLD, 2), (CaseStatus.CLOSED, 4)],
)
def test_status_history_is_a_chain_of_real_changes_ending_in_the_status(final, count):
    moves = seeding_work._status_path(final, count)
    assert len(moves) in (count, count + 1)
    if moves:
        assert moves[0][0] == CaseStatus.OPEN and moves[-1][1] == final
        assert all(a[1] == b[0] for a, b in itertools.pairwise(moves))
        assert all(source != target for source, target in moves)


def test_a_larger_second_seed_gives_the_new_cases_their_work_and_the_old_ones_nothing_more(
    monkeypatch,
):
    monkeypatch.setattr(seeding, "BATCH", 10)
    made = seeding.seed(persons=20, seed=6, teams=4)
    seeding_work.seed_work(teams=made.teams, seed=6)
    before = dict(
        Case.objects.annotate(n=Count("handovers")).filter(n__gt=0).values_list("pk", "n")
    )
    bigger = seeding.seed(persons=60, seed=6, teams=4)
    assert bigger.resumed == 20
    work = seeding_work.seed_work(teams=bigger.teams, seed=6)
    assert work.cases == Case.objects.count() - work.resumed > 0
    assert not Case.objects.exclude(notes__written_by__isnull=False).exists()
    after = dict(Case.objects.annotate(n=Count("handovers")).values_list("pk", "n"))
    assert all(after[pk] == n for pk, n in before.items())
