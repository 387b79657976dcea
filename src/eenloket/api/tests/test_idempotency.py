"""Idempotency-Key on POST: the same key and request gets the same answer and writes nothing
twice; the same key with another request is a 422 problem; keys are per client."""

import datetime as dt

import pytest

from eenloket.api import idempotency
from eenloket.api.models import IdempotentRequest
from eenloket.cases.models import Contact
from eenloket.core import clock
from eenloket.handovers.models import HandoverEvent

pytestmark = pytest.mark.django_db

CONTACT = {
    "channel": "phone",
    "direction": "outgoing",
    "verification": "callback",
    "summary": "Gebeld over de WW-aanvraag.",
}


def post(api, url, data, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return api.post(url, data, content_type="application/json", **headers)


def test_the_same_key_and_body_answers_the_same_and_writes_once(partner_world):
    handover = partner_world.handover()
    url = f"/api/v1/handovers/{handover.pk}/contacts"
    first = post(partner_world.uwv_api, url, CONTACT, key="contact-1")
    again = post(partner_world.uwv_api, url, CONTACT, key="contact-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Contact.objects.filter(case=handover.case).count() == 1
    # Without a key a retry is a new request: a second contact.
    post(partner_world.uwv_api, url, CONTACT)
    assert Contact.objects.filter(case=handover.case).count() == 2


def test_a_retried_accept_is_not_a_conflict_and_moves_the_handover_once(partner_world):
    handover = partner_world.handover()
    url = f"/api/v1/handovers/{handover.pk}/accept"
    first = post(partner_world.uwv_api, url, {}, key="accept-1")
    again = post(partner_world.uwv_api, url, {}, key="accept-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and first.json()["state"] == "accepted"
    assert HandoverEvent.objects.filter(handover=handover, target="accepted").count() == 1
    # A new key is a new request: accepting twice is not possible.
    assert post(partner_world.uwv_api, url, {}, key="accept-2").status_code == 409


def test_the_same_key_with_another_body_is_a_422_problem_and_writes_nothing(partner_world):
    handover = partner_world.handover()
    url = f"/api/v1/handovers/{handover.pk}/contacts"
    post(partner_world.uwv_api, url, CONTACT, key="k")
    other = post(partner_world.uwv_api, url, CONTACT | {"summary": "Iets anders"}, key="k")
    assert other.status_code == 422
    assert other["Content-Type"] == "application/problem+json"
    problem = other.json()
    assert problem["type"] == "urn:eenloket:problem:idempotency_key.reused"
    assert problem["errors"][0]["field"] == "Idempotency-Key"
    assert Contact.objects.filter(case=handover.case).count() == 1


def test_an_error_answer_is_replayed_too_and_a_bad_key_is_refused(partner_world):
    url = "/api/v1/handovers/00000000-0000-7000-8000-000000000000/accept"
    first = post(partner_world.uwv_api, url, {}, key="missing")
    again = post(partner_world.uwv_api, url, {}, key="missing")
    assert first.status_code == again.status_code == 404 and again.json() == first.json()
    too_long = post(partner_world.uwv_api, url, {}, key="x" * 256)
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "Idempotency-Key"


def test_keys_are_per_client_kept_encrypted_and_forgotten_after_a_day(partner_world):
    handover = partner_world.handover()
    url = f"/api/v1/handovers/{handover.pk}/contacts"
    post(partner_world.uwv_api, url, CONTACT, key="shared")
    # Mitros may not write on this case: its own answer, not UWV's replayed.
    assert post(partner_world.mitros_api, url, CONTACT, key="shared").status_code == 404
    row = IdempotentRequest.objects.get(client=partner_world.uwv_client, key="shared")
    assert "Gebeld" not in row.response_encrypted and row.status_code == 201
    with clock.frozen(clock.now() + dt.timedelta(hours=25)):
        assert idempotency.forget_old() == 2
        # After a day the key is free: the same request writes anew.
        assert post(partner_world.uwv_api, url, CONTACT, key="shared").status_code == 201
    assert Contact.objects.filter(case=handover.case).count() == 2


def test_the_openapi_document_declares_the_header_on_every_post(partner_world):
    document = partner_world.uwv_api.get("/api/v1/openapi.json").json()
    posts = [ops["post"] for ops in document["paths"].values() if "post" in ops]
    assert posts
    for operation in posts:
        names = [p["name"] for p in operation.get("parameters", [])]
        assert "Idempotency-Key" in names, operation["operationId"]


def test_a_key_still_in_use_is_a_409_and_a_server_error_is_not_kept(partner_world, monkeypatch):
    from eenloket.api.v1 import casework

    handover = partner_world.handover()
    url = f"/api/v1/handovers/{handover.pk}/contacts"
    first = post(partner_world.uwv_api, url, CONTACT, key="busy")
    row = IdempotentRequest.objects.get(key="busy")
    IdempotentRequest.objects.filter(pk=row.pk).update(status_code=None)  # as if still running
    busy = post(partner_world.uwv_api, url, CONTACT, key="busy")
    assert first.status_code == 201 and busy.status_code == 409
    assert busy.json()["type"] == "urn:eenloket:problem:idempotency_key.in_progress"

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(casework.case_services, "contact_record", broken)
    failed = post(partner_world.uwv_api, url, CONTACT, key="crash")
    assert failed.status_code == 500
    assert not IdempotentRequest.objects.filter(key="crash").exists()  # the retry may run


def test_an_expired_key_left_behind_is_claimed_anew(partner_world):
    handover = partner_world.handover()
    url = f"/api/v1/handovers/{handover.pk}/contacts"
    post(partner_world.uwv_api, url, CONTACT, key="old")
    IdempotentRequest.objects.filter(key="old").update(
        created_at=clock.now() - dt.timedelta(hours=25)
    )
    again = post(partner_world.uwv_api, url, CONTACT, key="old")
    assert again.status_code == 201 and not again.has_header("Idempotent-Replayed")
    assert Contact.objects.filter(case=handover.case).count() == 2
