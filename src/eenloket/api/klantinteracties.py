"""A contact in the shape of the Klantinteracties API (VNG; as Open Klant 2 serves it): the
answer of ``GET /klantcontacten/{uuid}?expand=hadBetrokkenen,gingOverOnderwerpobjecten``,
an ``ExpandKlantcontact`` (docs/standards.md says what maps and what not).

One ``klantcontact`` (channel, subject, what was said, when, confidential for a special
category), one ``betrokkene`` (the person, as the client may see their name: the role
``klant``) and one ``onderwerpobject``
(the eenloket question the contact was on). The ids of the betrokkene and the onderwerpobject
are derived from the contact's (uuid5), so an export of the same contact is the same document.
Shape only: the contact comes from the policy point (``access.contact_export``).
"""

from __future__ import annotations

import uuid

from django.utils import translation

from eenloket.consent.categories import SPECIAL, category_label

CASE_OBJECT_TYPE = "eenloket_vraag"  # the onderwerpobject's codeObjecttype
REGISTER = "eenloket"
# eenloket's channels in the words of the Klantinteracties kanaal (free text of at most 50).
KANAAL = {
    "desk": "balie",
    "phone": "telefoon",
    "home_visit": "huisbezoek",
    "community_centre": "buurthuis",
    "letter_received": "brief",
    "portal": "portaal",
    "email": "e-mail",
}


def _ref(kind: str, pk, url: str) -> dict:
    # The betrokkene and the onderwerpobject have no endpoint of their own: their url points
    # into this document.
    return {"uuid": str(pk), "url": f"{url}#{kind}"}


def _derived(contact_id, kind: str) -> uuid.UUID:
    return uuid.uuid5(uuid.UUID(str(contact_id)), kind)


def _onderwerp(contact) -> str:
    if contact.about and contact.about != "team":
        with translation.override("nl"):
            return str(category_label(contact.about))[:200]
    return "Vraag aan het loket"


def klantcontact(contact, *, url: str) -> dict:
    """The ``ExpandKlantcontact`` of a contact released by the policy point; ``url`` is the
    absolute address of this export."""
    person = contact.case.person
    betrokkene_id = _derived(contact.pk, "betrokkene")
    onderwerp_id = _derived(contact.pk, "onderwerpobject")
    self_ref = {"uuid": str(contact.pk), "url": url}
    return {
        **self_ref,
        "gingOverOnderwerpobjecten": [_ref("onderwerpobject", onderwerp_id, url)],
        "hadBetrokkenActoren": [],
        "omvatteBijlagen": [],
        "hadBetrokkenen": [_ref("betrokkene", betrokkene_id, url)],
        "leiddeTotInterneTaken": [],
        "kanaal": KANAAL.get(contact.channel, contact.channel)[:50],
        "onderwerp": _onderwerp(contact),
        "inhoud": contact.summary[:1000],
        "indicatieContactGelukt": True,  # eenloket records contacts that took place
        "taal": "nld",
        "vertrouwelijk": contact.about in SPECIAL,
        "plaatsgevondenOp": contact.occurred_at.isoformat(),
        "_expand": {
            "had_betrokkenen": [
                {
                    **_ref("betrokkene", betrokkene_id, url),
                    "hadKlantcontact": self_ref,
                    "digitaleAdressen": [],
                    "contactnaam": {
                        "voornaam": person.given_names[:200],
                        "voorvoegselAchternaam": person.surname_prefix[:10],
                        "achternaam": person.surname[:200],
                    },
                    "volledigeNaam": person.full_name,
                    "rol": "klant",
                    # Who started it: the person, unless a representative spoke (not exported:
                    # that is another person's data).
                    "initiator": contact.direction == "incoming" and not contact.representation_id,
                }
            ],
            "ging_over_onderwerpobjecten": [
                {
                    **_ref("onderwerpobject", onderwerp_id, url),
                    "klantcontact": self_ref,
                    "wasKlantcontact": None,
                    "onderwerpobjectidentificator": {
                        "objectId": str(contact.case_id),
                        "codeObjecttype": CASE_OBJECT_TYPE,
                        "codeRegister": REGISTER,
                        "codeSoortObjectId": "uuid",
                    },
                }
            ],
        },
    }
