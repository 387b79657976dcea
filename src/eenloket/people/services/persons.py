"""Writes to persons: create and update with validation (BSN, names, addresses, channels),
and merging a duplicate into the person kept."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases.models import Case
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.people import bsn as bsn_rules
from eenloket.people import names
from eenloket.people.bsn import KVK_PATTERN, check_bsn
from eenloket.people.models import (
    AccessibilityNeed,
    AddressKind,
    Channel,
    HouseholdMember,
    Person,
    Representation,
)

# ASCII digits only, and ``\Z`` rather than ``$`` (which also matches before a final newline).
POSTAL_CODE_PATTERN = re.compile(r"^[0-9]{4} ?[A-Za-z]{2}\Z")


def _name_keys(person: Person) -> None:
    person.surname_key = names.surname_key(person.surname_prefix, person.surname)
    person.birth_surname_key = (
        names.surname_key(person.birth_surname_prefix, person.birth_surname)
        if person.birth_surname
        else ""
    )
    person.given_key = names.given_key(person.given_names)


def _check_channels(preferred: list[str], refused: list[str]) -> None:
    unknown = [c for c in [*preferred, *refused] if c not in Channel.values]
    if unknown:
        raise DomainError(_("Unknown channel: %s") % ", ".join(unknown), field="channels")
    if len(set(preferred)) != len(preferred):
        raise DomainError(_("A channel is listed twice in the order."), field="channels")
    both = set(preferred) & set(refused)
    if both:
        raise DomainError(
            _("A channel cannot be both preferred and refused: %s")
            % ", ".join(str(Channel(c).label) for c in sorted(both)),
            field="channels_refused",
        )


def _check_news_also(values: dict) -> None:
    """News by e-mail or SMS besides the portal: only those two, never a refused channel, and
    only with the address it needs."""
    news = values.get("news_also_by") or []
    if any(channel not in NEWS_ALSO_CHANNELS for channel in news):
        raise DomainError(_("News can come only by e-mail or SMS."), field="news_also_by")
    refused = set(news) & set(values.get("channels_refused") or [])
    if refused:
        raise DomainError(
            _("You chose never to be contacted by %s.")
            % ", ".join(str(Channel(c).label) for c in sorted(refused)),
            field="news_also_by",
        )
    if "email" in news and not values.get("email"):
        raise DomainError(_("For news by e-mail we need an e-mail address."), field="email")
    if "sms" in news and not values.get("phone"):
        raise DomainError(_("For news by SMS we need a mobile phone number."), field="phone")
    values["news_also_by"] = list(dict.fromkeys(news))


def _check_address(kind: str, street: str, postal_code: str, city: str) -> None:
    if kind not in AddressKind.values:
        raise DomainError(_("Unknown kind of address."), field="address_kind")
    if kind == AddressKind.UNKNOWN:
        return
    if not street or not postal_code or not city:
        raise DomainError(
            _("An address needs a street and number, a postal code and a city."),
            field="street_and_number",
        )
    if not POSTAL_CODE_PATTERN.match(postal_code):
        raise DomainError(_("A postal code looks like 3511 AB."), field="postal_code")


PERSON_FIELDS = (
    "given_names",
    "surname_prefix",
    "surname",
    "birth_surname_prefix",
    "birth_surname",
    "birth_date",
    "kvk_number",
    "phone",
    "email",
    "address_kind",
    "street_and_number",
    "postal_code",
    "city",
    "preferred_language",
    "accessibility_needs",
    "accessibility_notes",
    "channels_preferred",
    "channels_refused",
    "shared_channels_may_carry_detail",
    "news_also_by",
)
# Channels that may carry "there is news in Mijn overzicht" besides the portal.
NEWS_ALSO_CHANNELS = ("email", "sms")


def _validate(values: dict) -> dict:
    """Clean and check person values; raise DomainError naming the field at fault."""
    cleaned = dict(values)
    for key, value in cleaned.items():
        if isinstance(value, str) and "\x00" in value:
            raise DomainError(_("This text contains a character that is not allowed."), field=key)
    for key in (
        "given_names",
        "surname_prefix",
        "surname",
        "birth_surname_prefix",
        "birth_surname",
        "kvk_number",
        "phone",
        "email",
        "street_and_number",
        "city",
        "accessibility_notes",
    ):
        if key in cleaned:
            cleaned[key] = (cleaned[key] or "").strip()
    if "postal_code" in cleaned:
        code = (cleaned["postal_code"] or "").strip().upper().replace(" ", "")
        cleaned["postal_code"] = f"{code[:4]} {code[4:]}" if len(code) == 6 else code
    if "surname" in cleaned and not cleaned["surname"]:
        raise DomainError(_("A person needs a surname."), field="surname")
    birth_date = cleaned.get("birth_date")
    if birth_date is not None and birth_date > clock.today():
        raise DomainError(_("The date of birth lies in the future."), field="birth_date")
    kvk = cleaned.get("kvk_number", "")
    if kvk and not KVK_PATTERN.match(kvk):
        raise DomainError(_("A KVK number has exactly 8 digits."), field="kvk_number")
    needs = cleaned.get("accessibility_needs", [])
    if any(need not in AccessibilityNeed.values for need in needs):
        raise DomainError(_("Unknown accessibility need."), field="accessibility_needs")
    _check_channels(cleaned.get("channels_preferred", []), cleaned.get("channels_refused", []))
    _check_news_also(cleaned)
    if "address_kind" in cleaned:
        _check_address(
            cleaned["address_kind"],
            cleaned.get("street_and_number", ""),
            cleaned.get("postal_code", ""),
            cleaned.get("city", ""),
        )
    return cleaned


@transaction.atomic
def person_create(
    *,
    surname: str,
    given_names: str = "",
    surname_prefix: str = "",
    birth_date: dt.date | None = None,
    bsn: str = "",
    actor: Actor,
    **details,
) -> Person:
    """Register a person. A surname is required; a birth date may not lie in the future; a BSN
    is optional but when given passes the 11-test and is not registered yet; a KVK number has 8
    digits; channels are known and not both preferred and refused; an address is complete.

    The BSN is stored encrypted and as a keyed hash, never in the clear. Audited.
    """
    unknown = set(details) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    values = _validate(
        {
            "given_names": given_names,
            "surname_prefix": surname_prefix,
            "surname": surname,
            "birth_date": birth_date,
            **details,
        }
    )
    person = Person(**values)
    number = check_bsn(bsn)
    if number:
        _set_bsn(person, number)
    _name_keys(person)
    person.save()
    processing.record_change(
        actor=actor,
        action="person_create",
        object_type="person",
        object_id=person.pk,
        changes={"fields": sorted(k for k, v in values.items() if v), "bsn": bool(number)},
    )
    return person


def _set_bsn(person: Person, number: str) -> None:
    digest = bsn_rules.lookup_hash(number)
    taken = (
        Person._base_manager.filter(bsn_hash=digest, merged_into__isnull=True)
        .exclude(pk=person.pk)
        .exists()
    )
    if taken:
        raise DomainError(
            _("A person with this BSN is already registered: find them by BSN instead."),
            field="bsn",
        )
    person.bsn_hash = digest
    person.bsn_encrypted = crypto.encrypt(number)


@transaction.atomic
def person_update(*, person: Person, actor: Actor, bsn: str | None = None, **changes) -> list[str]:
    """Change a person's details; save and audit only what changed; return the changed fields.

    Same rules as ``person_create``. The audit keeps old and new values, except the BSN, of
    which it keeps only that it changed.
    """
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")
    person = Person._base_manager.select_for_update().get(pk=person.pk)
    merged = {field: getattr(person, field) for field in PERSON_FIELDS} | changes
    cleaned = _validate(merged)
    changed = [field for field in PERSON_FIELDS if cleaned[field] != getattr(person, field)]
    audit = {field: [_plain(getattr(person, field)), _plain(cleaned[field])] for field in changed}
    for field in changed:
        setattr(person, field, cleaned[field])
    if bsn is not None:
        number = check_bsn(bsn)
        if not number and person.bsn_hash:
            person.bsn_hash, person.bsn_encrypted = "", ""
            changed += ["bsn_hash", "bsn_encrypted"]
            audit["bsn"] = "removed"
        elif number and bsn_rules.lookup_hash(number) != person.bsn_hash:
            _set_bsn(person, number)
            changed += ["bsn_hash", "bsn_encrypted"]
            audit["bsn"] = "changed"
    if not changed:
        return []
    _name_keys(person)
    person.updated_at = clock.now()
    person.save(
        update_fields=[*changed, "surname_key", "birth_surname_key", "given_key", "updated_at"]
    )
    processing.record_change(
        actor=actor,
        action="person_update",
        object_type="person",
        object_id=person.pk,
        changes=audit,
    )
    return changed


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def _check_no_nul(**values) -> None:
    for key, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            raise DomainError(_("This text contains a character that is not allowed."), field=key)


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, reason: str, actor: Actor) -> Person:
    """Merge ``duplicate`` into ``keep``: its cases, household links and representations move
    to ``keep``; details ``keep`` lacks are taken over; the duplicate stays, marked as merged,
    so logs and history still resolve. Needs a reason. Audited with everything that moved."""

    if keep.pk == duplicate.pk:
        raise DomainError(_("A person cannot be merged with themselves."), field="duplicate")
    if not reason.strip():
        raise DomainError(_("Say why these are the same person."), field="reason")
    keep = Person._base_manager.select_for_update().get(pk=keep.pk)
    duplicate = Person._base_manager.select_for_update().get(pk=duplicate.pk)
    if keep.merged_into_id or duplicate.merged_into_id:
        raise DomainError(_("One of these persons was already merged."), field="duplicate")
    if keep.bsn_hash and duplicate.bsn_hash and keep.bsn_hash != duplicate.bsn_hash:
        raise DomainError(
            _("These persons have different BSNs: they are two people."), field="duplicate"
        )
    moved_cases = [
        str(pk) for pk in Case._base_manager.filter(person=duplicate).values_list("pk", flat=True)
    ]
    Case._base_manager.filter(person=duplicate).update(person=keep, updated_at=clock.now())
    household = HouseholdMember._base_manager.filter(person=duplicate).exclude(member=keep)
    moved_household = household.update(person=keep)
    HouseholdMember._base_manager.filter(member=duplicate).exclude(person=keep).update(member=keep)
    HouseholdMember._base_manager.filter(person=duplicate).delete()
    HouseholdMember._base_manager.filter(member=duplicate).delete()
    moved_representations = Representation._base_manager.filter(represented=duplicate).update(
        represented=keep
    )
    Representation._base_manager.filter(representative=duplicate).update(representative=keep)
    taken_over = []
    for field in ("given_names", "birth_date", "kvk_number", "phone", "email", "birth_surname"):
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
            taken_over.append(field)
    if duplicate.bsn_hash and not keep.bsn_hash:
        bsn_hash, bsn_encrypted = duplicate.bsn_hash, duplicate.bsn_encrypted
        duplicate.bsn_hash, duplicate.bsn_encrypted = "", ""
        duplicate.save(update_fields=["bsn_hash", "bsn_encrypted"])
        keep.bsn_hash, keep.bsn_encrypted = bsn_hash, bsn_encrypted
        taken_over += ["bsn_hash", "bsn_encrypted"]
    if taken_over:
        _name_keys(keep)
        keep.save(update_fields=[*taken_over, "surname_key", "birth_surname_key", "given_key"])
    duplicate.merged_into = keep
    duplicate.merged_at = clock.now()
    duplicate.save(update_fields=["merged_into", "merged_at"])
    processing.record_change(
        actor=actor,
        action="person_merge",
        object_type="person",
        object_id=keep.pk,
        changes={
            "duplicate": str(duplicate.pk),
            "reason": reason.strip(),
            "cases": moved_cases,
            "household_links": moved_household,
            "representations": moved_representations,
            "taken_over": [f for f in taken_over if not f.startswith("bsn_")]
            + (["bsn"] if "bsn_hash" in taken_over else []),
        },
    )
    return keep
