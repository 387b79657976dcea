"""The sender of a referral hears what became of it (decision 0047, addendum): pushed to its
webhook (a real endpoint on 127.0.0.1) and in its feed, as thin CloudEvents; an arrears
reporter learns the person's answer only with their consent."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from eenloket.access import api as rules
from eenloket.api import webhooks
from eenloket.api.tests.test_referrals import municipality, refer, signal, worker  # noqa: F401
from eenloket.api.tests.test_webhooks import SECRET, Receiver, free_port, register, verify
from eenloket.cases import services as cases
from eenloket.cases.models import Case, Referral
from eenloket.cases.services import referrals
from eenloket.consent import services as consent
from eenloket.core import clock

pytestmark = pytest.mark.django_db


def bodies(receiver) -> list[dict]:
    for r in receiver.received:
        assert verify(SECRET, r["headers"], r["body"])
    return [json.loads(r["body"]) for r in receiver.received]


def test_the_sender_of_a_question_hears_it_taken_up_and_closed(partner_world, municipality):  # noqa: F811
    port, other_port = free_port(), free_port()
    register(partner_world.uwv_api, f"http://127.0.0.1:{port}/hook", secret=SECRET)
    register(partner_world.mitros_api, f"http://127.0.0.1:{other_port}/hook")
    uwv, mitros = Receiver(port), Receiver(other_port)
    try:
        referral_id = refer(partner_world.uwv_api, municipality).json()["id"]
        assert webhooks.deliver_due() == 0  # landed: the sender has the 201, nothing to push
        loket = worker(partner_world.loket)
        case = Case.objects.get()
        case = cases.case_update(
            case=case, expected_version=case.version, coordinator=loket.user, actor=loket
        )
        assert webhooks.deliver_due() == 1
        assert (
            partner_world.uwv_api.get(f"/api/v1/referrals/{referral_id}").json()["state"]
            == "taken_up"
        )
        cases.case_close(case=case, outcome="resolved", actor=loket)
        assert webhooks.deliver_due() == 1
        assert webhooks.deliver_due() == 0
    finally:
        uwv.stop()
        mitros.stop()
    taken, closed = bodies(uwv)
    assert taken["type"] == "nl.eenloket.referral.taken_up"
    assert closed["type"] == "nl.eenloket.referral.closed"
    assert closed["subject"] == referral_id and closed["dataref"].endswith(referral_id)
    assert closed["data"] == {"referral_id": referral_id, "kind": "question", "state": "closed"}
    assert closed["source"].startswith("urn:nld:")  # the municipality, not the worker
    for r in uwv.received:
        assert "El Amrani" not in r["body"] and "resolved" not in r["body"]
    assert mitros.received == []  # another organisation's system hears nothing of it
    # The same events are in the sender's feed, after its handover events.
    feed = partner_world.uwv_api.get("/api/v1/events").json()["items"]
    assert [e["type"] for e in feed][-2:] == [taken["type"], closed["type"]]
    assert partner_world.mitros_api.get("/api/v1/events").json()["items"] == []


def test_a_landlord_learns_the_signal_was_handled_but_not_the_answer(partner_world, municipality):  # noqa: F811
    port = free_port()
    register(partner_world.mitros_api, f"http://127.0.0.1:{port}/hook", secret=SECRET)
    mitros = Receiver(port)
    try:
        task_id = signal(partner_world.mitros_api, municipality).json()["id"]
        referrals.referral_answer(
            referral=Referral.objects.get(pk=task_id),
            answer="help_accepted",
            actor=worker(partner_world.debt),
        )
        assert webhooks.deliver_due() == 1
    finally:
        mitros.stop()
    [event] = bodies(mitros)
    assert event["type"] == "nl.eenloket.referral.answered"
    assert event["data"] == {"referral_id": task_id, "kind": "arrears", "state": "handled"}
    assert "help_accepted" not in mitros.received[0]["body"]
    assert partner_world.mitros_api.get(f"/api/v1/referrals/{task_id}").json()["state"] == (
        "handled"
    )
    # The debt-help case it opened is not the landlord's business: closing it tells nothing.
    debt = worker(partner_world.debt)
    cases.case_close(case=Case.objects.get(), outcome="resolved", actor=debt)
    [(only, state)] = rules.referral_events(rules_actor(partner_world), after=None)
    assert only.kind == "answered" and state == "handled"


def test_with_her_consent_the_landlord_learns_she_accepted_help(partner_world, municipality):  # noqa: F811
    port = free_port()
    register(partner_world.mitros_api, f"http://127.0.0.1:{port}/hook", secret=SECRET)
    mitros = Receiver(port)
    debt = worker(partner_world.debt)
    try:
        task_id = signal(partner_world.mitros_api, municipality).json()["id"]
        task = referrals.referral_answer(
            referral=Referral.objects.get(pk=task_id), answer="help_accepted", actor=debt
        )
        # She lets the landlord know she is getting help (so the eviction is held off).
        consent.consent_record(
            case=task.case,
            recipient=partner_world.mitros,
            categories=["debts"],
            purpose="Huurachterstand: ontruiming voorkomen",
            valid_until=clock.today() + dt.timedelta(days=90),
            given=True,
            recorded_via="desk",
            actor=debt,
        )
        assert webhooks.deliver_due() == 1
    finally:
        mitros.stop()
    [event] = bodies(mitros)
    assert event["data"]["state"] == "help_accepted"
    followed = partner_world.mitros_api.get(f"/api/v1/referrals/{task_id}").json()
    assert followed["state"] == "help_accepted"


def rules_actor(partner_world):
    return webhooks.client_actor(partner_world.mitros_client)
