"""Accepting a handover through the API runs a fixed, small number of queries (was 51, #21)."""

from __future__ import annotations

import pytest
from django.db import connection

from eenloket.api.tests.test_handovers import one
from eenloket.audit.models import AuditEntry
from eenloket.insights.capture import case_changed
from eenloket.insights.models import HandoverFact
from eenloket.insights.refs import ref

pytestmark = pytest.mark.django_db

# The token; the handover as the receiver's (one query with the visible cases, no read logged:
# nothing of the person is shown); the case and the handover locked, the handover read again
# with everything the follow-ups need; the update and its history line; the audit entry of the
# move (its lock, chain head, insert, head update: audit's own, untouched); the handover's
# anonymous fact (its case's fact, delete, insert) instead of rebuilding the case's facts; the
# notification to the sender and the message to the citizen; savepoints. Was 51. +1: the
# rate limit's count for the client, in the database (api/rate.py).
PINNED = {"sqlite": 23, "postgresql": 23}


def accept(world, handover):
    return world.uwv_api.post(f"{one(handover.pk)}/accept", "{}", content_type="application/json")


def test_accepting_runs_a_pinned_number_of_queries(partner_world, django_assert_num_queries):
    accept(partner_world, partner_world.handover())  # the token's last use: once a minute
    handover = partner_world.handover()
    with django_assert_num_queries(PINNED[connection.vendor]):
        assert accept(partner_world, handover).status_code == 200


def test_the_handover_fact_after_an_accept_is_what_a_rebuild_makes(partner_world):
    handover = partner_world.handover()
    assert accept(partner_world, handover).status_code == 200
    fields = ("state", "answer", "answered_at", "answer_seconds", "from_organisation_id")
    kept = HandoverFact.objects.values(*fields).get(handover_ref=ref("handover", handover.pk))
    assert kept["state"] == "accepted" and kept["answer"] == "accepted"
    case_changed(handover.case_id)
    rebuilt = HandoverFact.objects.values(*fields).get(handover_ref=ref("handover", handover.pk))
    assert kept == rebuilt


def test_the_move_is_audited_with_the_clients_organisation(partner_world):
    handover = partner_world.handover()
    assert accept(partner_world, handover).status_code == 200
    entry = AuditEntry.objects.filter(action="handover_transition").latest("logged_at")
    assert entry.organisation_id == str(partner_world.uwv.pk) and entry.via == "api"
