"""/api/v1/contacts/{id}/klantinteractie: a contact with the citizen in the shape of the Dutch
Klantinteracties API (an ``ExpandKlantcontact``; docs/standards.md). The policy point decides
and logs the read (``access.contact_export``); ``api/klantinteracties.py`` makes the shape."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from ninja import Router

from eenloket.access import api as rules
from eenloket.access.contact_export import contact_for_export
from eenloket.api import klantinteracties
from eenloket.api.v1.common import ERRORS, actor, scopes

router = Router(tags=["contacts"])


@router.get(
    "/{contact_id}/klantinteractie",
    response={200: dict[str, Any], **ERRORS},
    operation_id="contact_klantinteractie",
    url_name="contact_klantinteractie",
    summary="A contact with the citizen as a Klantinteracties klantcontact",
    description=(
        "The answer has the shape of the Klantinteracties API's `ExpandKlantcontact` (Open "
        "Klant, `klantinteracties` 0.5.0): the klantcontact, with its betrokkene (the person) "
        "and onderwerpobject (the eenloket question) in `_expand`. Only a contact the client's "
        "team may read: on a case released to it, and about what it may see."
    ),
)
def contact_klantinteractie(request, contact_id: UUID):
    rules.require(scopes(request), rules.CONTACTS_READ)
    contact = contact_for_export(actor(request), contact_id)
    return klantinteracties.klantcontact(contact, url=request.build_absolute_uri())
