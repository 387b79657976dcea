"""The consent receipt: what the citizen gets of each consent decision, so a recorded consent
can be checked by the person it concerns.

The fields are those of the Kantara Consent Receipt 1.1, with the record and event fields of
ISO/IEC TS 27560 added under ``iso27560``; the receipt is also issued as a compact JWS (EdDSA)
signed with the log's key, which anyone can check against the published public key.
"""

from __future__ import annotations

import base64
import json

from cryptography.exceptions import InvalidSignature
from django.conf import settings

from eenloket.audit import chain
from eenloket.audit.pseudonyms import person_pseudonym
from eenloket.consent.categories import SPECIAL, category_label
from eenloket.consent.models import Consent, ConsentState, RecordedVia

WITHDRAWAL_METHOD_NL = (
    "Zeg het tegen een medewerker van eenloket (aan de balie of telefonisch), of trek de "
    "toestemming in via Mijn overzicht. Dat kan altijd en kost niets."
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _epoch(moment) -> int | None:
    return int(moment.timestamp()) if moment else None


def _events(consent: Consent) -> list[dict]:
    events: list[dict[str, object]] = [
        {"time": consent.created_at.isoformat(), "type": "requested", "state": "requested"}
    ]
    if consent.decided_at:
        state = "given" if consent.state != ConsentState.DECLINED else "declined"
        events.append(
            {
                "time": consent.decided_at.isoformat(),
                "type": state,
                "state": state,
                "validity": {
                    "from": consent.valid_from.isoformat(),
                    "until": consent.valid_until.isoformat(),
                },
            }
        )
    if consent.ended_at:
        events.append(
            {"time": consent.ended_at.isoformat(), "type": consent.state, "state": consent.state}
        )
    return events


def receipt(consent: Consent) -> dict:
    """Return the receipt of a consent as a dict (Kantara CR 1.1 + ISO/IEC TS 27560)."""
    case = consent.case
    controller = case.owning_team.organisation if case else None
    labels = [category_label(c) for c in consent.categories]
    special = sorted(set(consent.categories) & SPECIAL)
    return {
        "version": "KI-CR-v1.1.0",
        "jurisdiction": "NL",
        "consentTimestamp": _epoch(consent.decided_at or consent.created_at),
        "collectionMethod": str(RecordedVia(consent.recorded_via).label),
        "consentReceiptID": str(consent.pk),
        "language": "nl",
        "piiPrincipalId": person_pseudonym(consent.person_id),
        "piiControllers": [
            {
                "piiController": controller.name if controller else "eenloket",
                "contact": "eenloket",
                "phone": settings.EENLOKET_DESK_PHONE,
                "onBehalf": False,
            }
        ],
        "policyUrl": settings.EENLOKET_PRIVACY_URL,
        "services": [
            {
                "service": "eenloket",
                "purposes": [
                    {
                        "purpose": consent.purpose,
                        "purposeCategory": ["sharing with an organisation that helps"],
                        "consentType": "EXPLICIT",
                        "piiCategory": labels + [f"item {item}" for item in consent.items],
                        "primaryPurpose": False,
                        "termination": consent.valid_until.isoformat(),
                        "thirdPartyDisclosure": True,
                        "thirdPartyName": consent.recipient_name,
                    }
                ],
            }
        ],
        "sensitive": bool(special),
        "spiCat": [category_label(c) for c in special],
        "iso27560": {
            "recordId": str(consent.pk),
            "subjectId": person_pseudonym(consent.person_id),
            "privacyNotice": settings.EENLOKET_PRIVACY_URL,
            "language": "nl",
            "purposes": [consent.purpose],
            "personalDataTypes": consent.categories,
            "items": consent.items,
            "controllers": [controller.name if controller else "eenloket"],
            "recipients": [consent.recipient_name],
            "jurisdiction": "NL",
            "withdrawalMethod": WITHDRAWAL_METHOD_NL,
            "state": consent.state,
            "decidedBy": "representative" if consent.representation_id else "data subject",
            "events": _events(consent),
        },
    }


def signed(consent: Consent) -> str:
    """Return the receipt as a compact JWS (EdDSA), signed with the log's key."""
    header = {"alg": "EdDSA", "typ": "JWT", "kid": chain.key_id()}
    signing_input = (
        _b64(json.dumps(header, separators=(",", ":")).encode())
        + "."
        + _b64(json.dumps(receipt(consent), separators=(",", ":"), ensure_ascii=False).encode())
    )
    return signing_input + "." + _b64(chain.sign(signing_input.encode()))


def verify(token: str) -> dict | None:
    """Return the receipt in a JWS when its signature is ours and intact, else None."""
    try:
        header, payload, signature = token.split(".")
        chain.public_key().verify(_unb64(signature), f"{header}.{payload}".encode())
        return json.loads(_unb64(payload))
    except (ValueError, InvalidSignature):
        return None


def message_context(consent: Consent, name: str) -> dict:
    """The context of the receipt message the citizen gets."""
    return {
        "name": name,
        "state": consent.state,
        "recipient": consent.recipient_name,
        "what": ", ".join(category_label(c) for c in consent.categories),
        "items": len(consent.items),
        "purpose": consent.purpose,
        "until": consent.valid_until.strftime("%d-%m-%Y"),
        "receipt_id": str(consent.pk),
    }
