"""Recording processing: trace context, refusals that survive rollback, the register's versions."""

import pytest
from django.db import transaction

from eenloket.access import casework
from eenloket.audit import processing, register, services, trace
from eenloket.audit.models import AuditEntry, ProcessingActivityVersion, ProcessingLogEntry
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.testing import factories
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db


def _lines_about(person_id):
    return list(ProcessingLogEntry.objects.filter(data_subject_id=person_pseudonym(person_id)))


def _outsider():
    membership = factories.MembershipFactory()
    return Actor.worker(membership.user, membership)


@pytest.mark.django_db(transaction=True)
def test_refused_attempt_inside_a_rolled_back_transaction_is_still_logged():
    case = factories.CaseFactory()
    outsider = _outsider()
    with trace.operation():  # as every request is
        with pytest.raises(NotFoundOrForbidden), transaction.atomic():
            casework.case_for(outsider, case.pk)
        assert _lines_about(case.person_id) == []  # not yet: written when the operation ends
    (line,) = _lines_about(case.person_id)
    assert line.status_code == processing.STATUS_ERROR


@pytest.mark.django_db(transaction=True)
def test_refusal_in_a_request_whose_view_rolls_back_is_logged(client, settings):
    """The same, through a real request: the view's transaction rolls back after the refusal."""
    case = factories.CaseFactory()
    membership = factories.MembershipFactory()
    log_in(client, membership.user)
    settings.ATOMIC_REQUESTS = True
    from django.db import connections

    for connection in connections.all():
        connection.settings_dict["ATOMIC_REQUESTS"] = True
    try:
        response = client.get(f"/werk/zaken/{case.pk}/")
    finally:
        for connection in connections.all():
            connection.settings_dict["ATOMIC_REQUESTS"] = False
    assert response.status_code == 404
    (line,) = _lines_about(case.person_id)
    assert line.status_code == processing.STATUS_ERROR
    assert line.refusal_reason == "no_relation_to_case"


def test_incoming_traceparent_links_the_lines_to_the_callers_trace(worker_client, membership):
    case = factories.CaseFactory(owning_team=membership.team)
    trace_id, parent = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"
    response = worker_client.get(
        f"/werk/zaken/{case.pk}/", headers={"traceparent": f"00-{trace_id}-{parent}-01"}
    )
    (line,) = _lines_about(case.person_id)
    assert line.trace_id == trace_id
    # our request is an operation whose parent is the caller's; the processing is its child
    ours = response.headers["traceresponse"].split("-")[2]
    assert line.parent_operation_id == ours
    assert AuditEntry.objects.get(operation_id=line.operation_id).trace_id == trace_id


@pytest.mark.parametrize(
    "header",
    [
        "garbage",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",  # all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",  # all-zero parent
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",  # wrong shape
    ],
)
def test_invalid_traceparent_starts_a_new_trace(worker_client, membership, header):
    case = factories.CaseFactory(owning_team=membership.team)
    worker_client.get(f"/werk/zaken/{case.pk}/", headers={"traceparent": header})
    (line,) = _lines_about(case.person_id)
    assert len(line.trace_id) == 32 and line.trace_id not in header


def test_lines_name_the_register_version_in_force_and_a_change_makes_a_new_version(monkeypatch):
    person = factories.PersonFactory()
    actor = Actor.system("test")
    processing.record(
        activity=register.CASE_VIEW,
        actor=actor,
        subject_ids=[person.pk],
        categories=["contact"],
        status="ok",
    )
    first = _lines_about(person.pk)[0].activity_version_id

    changed = tuple(
        a
        if a.key != register.CASE_VIEW
        else register.ActivityDefinition(
            **(
                a.content()
                | {
                    "retention_months": a.retention_months + 12,
                    "data_categories": tuple(a.data_categories),
                }
            )
        )
        for a in register.ACTIVITIES
    )
    monkeypatch.setattr(register, "ACTIVITIES", changed)
    made = services.register_sync(actor=actor)
    assert [v.activity.key for v in made] == [register.CASE_VIEW]
    processing.record(
        activity=register.CASE_VIEW,
        actor=actor,
        subject_ids=[person.pk],
        categories=["contact"],
        status="ok",
    )
    second = sorted(_lines_about(person.pk), key=lambda line: line.position)[-1].activity_version_id
    assert first != second
    versions = ProcessingActivityVersion.objects.filter(activity__key=register.CASE_VIEW)
    assert sorted(v.version for v in versions) == [1, 2]
    assert ProcessingActivityVersion.objects.get(pk=second).retention_months == 36
    # the change itself is in the worker audit log
    assert AuditEntry.objects.filter(action="register.activity_changed").exists()


def test_syncing_an_unchanged_register_makes_no_version():
    assert services.register_sync() == []


def test_an_activity_missing_from_the_register_cannot_be_logged():
    with pytest.raises(KeyError):
        processing.record(
            activity="not-registered",
            actor=Actor.system("t"),
            subject_ids=["x"],
            categories=[],
            status="ok",
        )


def test_joint_controllers_need_an_arrangement_and_version_the_register():
    from eenloket.core.errors import DomainError

    lead, partner = factories.OrganisationFactory(), factories.OrganisationFactory()
    actor = Actor.system("t")
    with pytest.raises(DomainError):
        services.controllership_create(name="Loket", lead=lead, joint=[partner], actor=actor)
    before = ProcessingActivityVersion.objects.count()
    controllership = services.controllership_create(
        name="Loket", lead=lead, joint=[partner], arrangement_reference="Regeling 2026", actor=actor
    )
    version = ProcessingActivityVersion.objects.filter(activity__key=register.CASE_VIEW).first()
    assert version.controllership == controllership
    assert list(version.controllership.joint.all()) == [partner]
    assert ProcessingActivityVersion.objects.count() == before + len(register.ACTIVITIES)


def test_a_page_is_not_shown_when_its_log_lines_cannot_be_written(
    worker_client, membership, monkeypatch
):
    case = factories.CaseFactory(owning_team=membership.team)

    def broken_write(pending):
        raise RuntimeError("log storage is down")

    monkeypatch.setattr(processing, "_write", broken_write)
    response = worker_client.get(f"/werk/zaken/{case.pk}/")
    assert response.status_code == 503
    assert case.question_verbatim not in response.content.decode()


def test_a_list_read_writes_every_line_as_given_and_hashed_as_verify_expects():
    """The batch insert (one JSON document on PostgreSQL) stores each value as given: the
    chain's hash recomputed from the stored row matches, nested attributes included."""
    from eenloket.audit import chain
    from eenloket.audit.verify import verify

    people = [factories.PersonFactory() for _ in range(3)]
    processing.record(
        activity=processing.CASE_WORKLIST,
        actor=Actor.system("test"),
        subject_ids=[p.pk for p in people],
        categories=("name", "case_notes"),
        status=processing.STATUS_ERROR,
        reason="no_basis",
        bases={"case_notes": "statute:Wet x, art. 1"},
    )
    lines = list(ProcessingLogEntry.objects.order_by("position"))
    assert {line.data_subject_id for line in lines} == {person_pseudonym(p.pk) for p in people}
    for line in lines:
        assert line.categories == ["case_notes", "name"]
        assert line.attributes["eenloket.bases"] == {"case_notes": "statute:Wet x, art. 1"}
        assert line.attributes["eenloket.refusal_reason"] == "no_basis"
        assert line.start_time.microsecond == line.end_time.microsecond
        assert chain.entry_digest("processing", line) == line.entry_hash
    assert len({line.operation_id for line in lines}) == 1
    assert verify().intact
