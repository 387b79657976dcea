"""A contact exported in the shape of the Klantinteracties API, validated against the
standard's own schema (an extract of Open Klant's openapi.yaml, api/standards/klantinteracties),
only for a team that may read the contact, and logged."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from eenloket.api import services as api_services
from eenloket.api.tests.conftest import SYSTEM, bearer
from eenloket.audit.models import AuditEntry
from eenloket.cases import services as cases
from eenloket.cases.models import Contact
from eenloket.consent import services as consent
from eenloket.core import clock

pytestmark = pytest.mark.django_db
STANDARD = Path(__file__).parents[1] / "standards" / "klantinteracties" / "openapi-extract.json"


def as_json_schema(node):
    """OpenAPI 3.0 to JSON Schema 2020-12: ``nullable: true`` becomes "or null" (null first,
    so a null is never resolved against a schema the extract leaves out); refs to the
    components stay where they are."""
    if isinstance(node, list):
        return [as_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: as_json_schema(v) for k, v in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [{"type": "null"}, node]}
    return node


def validator(name: str):
    document = as_json_schema(json.loads(STANDARD.read_text()))
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:klantinteracties", resource)
    schema = {"$ref": f"urn:klantinteracties#/components/schemas/{name}"}
    return jsonschema.Draft202012Validator(
        schema, registry=registry, format_checker=jsonschema.FormatChecker()
    )


def share_notes(world, handover) -> None:
    """She lets UWV read the notes on her question (the world's consent is contact and income)."""
    consent.consent_record(
        case=handover.case,
        recipient=world.uwv,
        categories=["case_notes"],
        purpose="WW aanvragen",
        valid_until=clock.today() + dt.timedelta(days=60),
        given=True,
        recorded_via="desk",
        actor=world.desk_actor,
    )


def record(world, handover, **extra) -> Contact:
    return cases.contact_record(
        case=handover.case,
        channel="phone",
        direction="incoming",
        verification="callback",
        summary="Zij belde over haar WW-aanvraag; formulier nagestuurd.",
        actor=world.desk_actor,
        **extra,
    )


def url(contact) -> str:
    return f"/api/v1/contacts/{contact.pk}/klantinteractie"


def test_a_contact_is_exported_as_a_valid_klantcontact(partner_world):
    handover = partner_world.handover()
    contact = record(partner_world, handover)
    # Without her consent to share the notes on her question, UWV may not read the contact.
    assert partner_world.uwv_api.get(url(contact)).status_code == 404
    share_notes(partner_world, handover)
    answer = partner_world.uwv_api.get(url(contact))
    assert answer.status_code == 200, answer.content
    body = answer.json()
    errors = sorted(validator("ExpandKlantcontact").iter_errors(body), key=str)
    assert errors == []
    assert body["uuid"] == str(contact.pk) and body["url"].startswith("http")
    assert body["kanaal"] == "telefoon" and body["inhoud"].startswith("Zij belde")
    assert body["plaatsgevondenOp"].startswith(contact.occurred_at.date().isoformat())
    assert body["vertrouwelijk"] is False and body["taal"] == "nld"
    [betrokkene] = body["_expand"]["had_betrokkenen"]
    person = handover.case.person
    assert betrokkene["rol"] == "klant" and betrokkene["initiator"] is True
    assert betrokkene["contactnaam"]["achternaam"] == person.surname
    assert body["hadBetrokkenen"] == [{"uuid": betrokkene["uuid"], "url": betrokkene["url"]}]
    [subject] = body["_expand"]["ging_over_onderwerpobjecten"]
    assert subject["onderwerpobjectidentificator"]["objectId"] == str(handover.case_id)
    # The same contact twice: the same document (derived ids).
    assert partner_world.uwv_api.get(url(contact)).json() == body
    # The read is logged with the client's organisation.
    entry = AuditEntry.objects.filter(
        action="read:case-view", object_type="api_contact_export"
    ).latest("logged_at")
    assert entry.organisation_id == str(partner_world.uwv.pk) and entry.via == "api"
    assert entry.object_id == str(contact.pk)


def test_the_check_catches_what_breaks_the_standard(partner_world):
    handover = partner_world.handover()
    share_notes(partner_world, handover)
    contact = record(partner_world, handover)
    body = partner_world.uwv_api.get(url(contact)).json()
    check = validator("ExpandKlantcontact")
    for breaking in (
        lambda b: b.pop("kanaal"),
        lambda b: b.update(taal="nederlands"),
        lambda b: b["_expand"]["had_betrokkenen"][0].update(rol="burger"),
        lambda b: b.update(inhoud="x" * 1001),
    ):
        broken = copy.deepcopy(body)
        breaking(broken)
        assert list(check.iter_errors(broken)), breaking


def test_a_health_contact_is_confidential_and_hidden_from_a_team_without_that_basis(
    partner_world,
):
    handover = partner_world.handover()
    share_notes(partner_world, handover)
    health = record(partner_world, handover, about="health")
    income = record(partner_world, handover, about="income")
    # UWV has her consent for contact and income only: not for health.
    assert partner_world.uwv_api.get(url(health)).status_code == 404
    refused = AuditEntry.objects.filter(action="refused:case-view", object_id=str(health.pk))
    assert refused.get().organisation_id == str(partner_world.uwv.pk)
    body = partner_world.uwv_api.get(url(income)).json()
    assert body["onderwerp"] == "inkomen" or body["onderwerp"].lower().startswith("inkomen")
    assert list(validator("ExpandKlantcontact").iter_errors(body)) == []


def test_another_organisation_and_a_client_without_the_scope_get_nothing(partner_world):
    handover = partner_world.handover()
    share_notes(partner_world, handover)
    contact = record(partner_world, handover)
    other = partner_world.mitros_api.get(url(contact))
    assert other.status_code == 404
    assert other["Content-Type"] == "application/problem+json"
    _client, token = api_services.client_create(
        name="UWV zonder export",
        team=partner_world.uwv_team,
        scopes=["handovers.read"],
        actor=SYSTEM,
    )
    answer = bearer(token).get(url(contact))
    assert answer.status_code == 403 and "contacts.read" in answer.json()["detail"]
