"""Writes for contacts on any channel, their documents and confirmations, and notes."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases import citizen_texts
from eenloket.cases.models import (
    DOCUMENT_CONTENT_TYPES,
    DOCUMENT_EXTENSIONS,
    WRITTEN_CHANNELS,
    Case,
    CaseNote,
    Confirmation,
    ConfirmationState,
    Contact,
    ContactChannel,
    ContactDocument,
    Direction,
    Verification,
)
from eenloket.cases.services._common import _check_text, _team_id, _user
from eenloket.consent.categories import SHAREABLE
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.insights import capture
from eenloket.notifications import services as messages
from eenloket.notifications.models import RecipientKind
from eenloket.notifications.preferences import ChannelPreferences
from eenloket.people.models import SHARED_CHANNELS, Channel, Person, Representation


def check_document(upload: UploadedFile) -> tuple[str, str]:
    """Return (extension, content type) of an upload that is an allowed document, or raise.

    Allowed: PDF and common scan images, up to EENLOKET_DOCUMENT_MAX_BYTES; the content must
    match the extension (the first bytes are checked), so a renamed program is refused.
    """
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_EXTENSIONS:
        raise DomainError(
            _("Only PDF and scans (JPG, PNG, HEIC, TIFF) can be added, not “%s”.") % name,
            field="documents",
        )
    limit = settings.EENLOKET_DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise DomainError(
            _("“%(name)s” is larger than %(mb)s MB.") % {"name": name, "mb": limit // 1_048_576},
            field="documents",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _content_matches(extension, head):
        raise DomainError(
            _("“%s” is not the kind of file its name says.") % name, field="documents"
        )
    return extension, DOCUMENT_CONTENT_TYPES[extension]


def _content_matches(extension: str, head: bytes) -> bool:
    if extension == "pdf":
        return head.startswith(b"%PDF-")
    if extension in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if extension == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if extension in ("tif", "tiff"):
        return head[:4] in (b"II*\x00", b"MM\x00*")
    if extension == "heic":
        return head[4:8] == b"ftyp"
    return False


# When a person stated no preference: a letter when an address is known, else a call.
DEFAULT_CHANNELS = [Channel.LETTER, Channel.PHONE, Channel.EMAIL]


@dataclass(frozen=True)
class ChannelChoice:
    channel: str  # a people.Channel value, or "" when the person allows none we can use
    with_detail: bool


def _reachable(person: Person, channel: str) -> bool:
    if channel in (Channel.PHONE, Channel.SMS):
        return bool(person.phone)
    if channel == Channel.EMAIL:
        return bool(person.email)
    if channel == Channel.LETTER:
        return person.has_letter_address
    return True  # desk, home visit and portal need no address


def confirmation_channel(person: Person) -> ChannelChoice:
    """Return the first channel the person prefers, does not refuse and can be reached on.

    Without preferences: letter when an address for letters is known, else phone, else none.
    A channel others may see carries detail only when the person allowed it.
    """

    order = person.channels_preferred or DEFAULT_CHANNELS
    for channel in order:
        if channel in person.channels_refused or not _reachable(person, channel):
            continue
        detail = channel not in SHARED_CHANNELS or person.shared_channels_may_carry_detail
        return ChannelChoice(channel, detail)
    return ChannelChoice("", False)


def _reach_text(actor: Actor, case: Case | None = None) -> str:
    """Who the citizen can reach: the worker who acted, or — when the citizen acted
    themselves — the case's coordinator and team (a person's name, not "the desk")."""
    membership = actor.membership
    if membership is not None and membership.team is not None:
        who = actor.user.display_name or actor.user.username if actor.user else ""
        return f"{who}, {membership.team}".strip(", ")
    if case is not None:
        coordinator = case.coordinator
        who = (coordinator.display_name or coordinator.username) if coordinator else ""
        return f"{who}, {case.owning_team}".strip(", ")
    return _("the desk that helped you")


def citizen_next_step(case: Case, language: str) -> str:
    """The next step as the citizen reads it, in ``language``, with its date."""
    from django.utils import translation
    from django.utils.formats import date_format

    with translation.override(language):
        text = citizen_texts.next_step(case, language)
        if case.next_step_due is None:
            return text
        return _("%(step)s (by %(due)s)") % {
            "step": text,
            "due": date_format(case.next_step_due, "j F Y"),
        }


def _queue_for(*, person: Person, purpose: str, template_key: str, context: dict, case, actor):
    """Queue a message to the person on the channels they chose, about ``case`` (or none)."""
    return messages.message_queue(
        recipient_kind=RecipientKind.PERSON,
        recipient_ref=person.pk,
        recipient_name=person.full_name,
        contact=person.message_contact(),
        preferences=ChannelPreferences.of_person(person, default=DEFAULT_CHANNELS),
        purpose=purpose,
        template_key=template_key,
        context=context,
        language=person.preferred_language,
        case_ref=case.pk if case is not None else "",
        actor=actor,
    )


def tell_citizen(
    *, person: Person, purpose: str, what: str, next_step: str, reach: str, actor, case=None
):
    """Tell the citizen something in plain words through the outbox, on the channel they chose
    (a handover accepted or moved, a reminder of their own action). In the caller's
    transaction, so the message exists exactly when the change that causes it does."""
    return _queue_for(
        person=person,
        purpose=purpose,
        template_key="case_confirmation",
        context={
            "name": person.full_name,
            "date": clock.now().strftime("%d-%m-%Y"),
            "understood": what,
            "next_step": next_step,
            "contact_name": reach,
            "contact_phone": settings.EENLOKET_DESK_PHONE,
        },
        case=case,
        actor=actor,
    )


SUBJECT_MAX = 150
MESSAGE_MAX = 5000


@transaction.atomic
def citizen_write(*, case: Case, subject: str, text: str, actor: Actor) -> Contact:
    """Write to the citizen about their case: a message with a subject and a text, sent through
    the outbox on the channels the citizen chose (the portal puts it in Mijn overzicht, where
    they can answer it; e-mail and SMS carry only "there is a message" unless the person allowed
    detail). Recorded as an outgoing written contact on the case, in the same transaction.

    Only a worker writes; the case comes from the policy point with the category "contact".
    """
    if not actor.is_worker:
        raise DomainError(_("Only a worker can write to the citizen here."))
    subject = (subject or "").strip()
    text = (text or "").strip()
    if not subject:
        raise DomainError(_("Write a subject."), field="subject")
    if len(subject) > SUBJECT_MAX:
        raise DomainError(
            _("The subject is too long: at most %(n)s characters.") % {"n": SUBJECT_MAX},
            field="subject",
        )
    if not text:
        raise DomainError(_("Write the message."), field="text")
    if len(text) > MESSAGE_MAX:
        raise DomainError(
            _("The message is too long: at most %(n)s characters.") % {"n": MESSAGE_MAX},
            field="text",
        )
    person = case.person
    contact = Contact.objects.create(
        case=case,
        channel=ContactChannel.PORTAL,
        direction=Direction.OUTGOING,
        verification=Verification.NOT_NEEDED,
        summary=f"{subject}\n\n{text}",
        occurred_at=clock.now(),
        recorded_by=_user(actor),
        team_id=_team_id(actor),
    )
    message = _queue_for(
        person=person,
        purpose="citizen_message",
        template_key="citizen_message",
        context={
            "name": person.full_name,
            "subject": subject,
            "text": text,
            "contact_name": _reach_text(actor, case),
            "contact_phone": settings.EENLOKET_DESK_PHONE,
        },
        case=case,
        actor=actor,
    )
    Case._base_manager.filter(pk=case.pk).update(version=F("version") + 1, updated_at=clock.now())
    processing.record_change(
        actor=actor,
        action="citizen_write",
        object_type="case",
        object_id=case.pk,
        changes={"contact": str(contact.pk), "message": str(message.pk)},
    )
    capture.case_changed(case)
    return contact


def _confirm(*, case, contact, recipients, understood, next_steps, actor) -> list[Confirmation]:
    """Write a confirmation per recipient: handed over in person when the person prefers the
    desk and was there, else queued as a message in the outbox, in this transaction.

    ``recipients`` holds (person, recipient kind) pairs: the citizen, and a representative
    who spoke for them.
    """
    rows = []
    reach = _reach_text(actor, case)
    for recipient, kind in recipients:
        language = citizen_texts.language_of(recipient)
        # Without a text of the caller's, the citizen reads the case's next step as it is now
        # (set before this call), in their own language.
        recipient_next_steps = next_steps or citizen_next_step(case, language)
        # A contact as the citizen reads it, never the worker's summary (cases/citizen_texts).
        recipient_understood = (
            citizen_texts.contact(contact, language) if contact is not None else understood
        )
        choice = confirmation_channel(recipient)
        in_person = contact is not None and contact.channel in (
            ContactChannel.DESK,
            ContactChannel.HOME_VISIT,
            ContactChannel.COMMUNITY_CENTRE,
        )
        confirmation = Confirmation(
            case=case,
            contact=contact,
            recipient=recipient,
            channel=choice.channel,
            with_detail=choice.with_detail,
            understood=recipient_understood,
            next_steps=recipient_next_steps,
            reach=reach,
        )
        if in_person and choice.channel in (Channel.DESK, Channel.HOME_VISIT):
            confirmation.state = ConfirmationState.HANDED_OVER_IN_PERSON
        else:
            confirmation.state = ConfirmationState.QUEUED
            confirmation.message = messages.message_queue(
                recipient_kind=kind,
                recipient_ref=recipient.pk,
                recipient_name=recipient.full_name,
                contact=recipient.message_contact(),
                preferences=ChannelPreferences.of_person(recipient, default=DEFAULT_CHANNELS),
                purpose="case_confirmation",
                template_key="case_confirmation",
                context={
                    "name": recipient.full_name,
                    "date": (contact.occurred_at if contact else clock.now()).strftime("%d-%m-%Y"),
                    "understood": recipient_understood,
                    "next_step": recipient_next_steps,
                    "contact_name": reach,
                    "contact_phone": settings.EENLOKET_DESK_PHONE,
                },
                language=recipient.preferred_language,
                case_ref=case.pk,
                actor=actor,
            )
        confirmation.save()
        rows.append(confirmation)
    return rows


@transaction.atomic
def contact_record(
    *,
    case: Case,
    channel: str,
    direction: str,
    verification: str,
    summary: str,
    follow_up: str = "",
    verification_note: str = "",
    summary_citizen: str = "",
    summary_citizen_key: str = "",
    representation: Representation | None = None,
    occurred_at: dt.datetime | None = None,
    documents: Iterable[tuple[UploadedFile, str]] = (),
    actor: Actor,
    about: str = "",
) -> Contact:
    """Record a contact on any channel, with who spoke and how their identity was verified,
    the documents they brought, and a confirmation to the person (and to the representative
    who spoke), on the channel each prefers.

    A conversation needs a real verification; "not needed" is only for written channels. A
    representative must be current and represent this person, for this case or all cases.
    Each confirmation is a message in the outbox, written in this transaction.

    ``summary`` is the worker's; the citizen reads a text chosen by key
    (``summary_citizen_key``) or written for them (``summary_citizen``), else how the contact
    went (cases/citizen_texts.py). What a citizen writes themselves is their own text.
    """
    if channel not in ContactChannel.values:
        raise DomainError(_("Choose the channel."), field="channel")
    if direction not in Direction.values:
        raise DomainError(_("Choose the direction."), field="direction")
    if verification not in Verification.values:
        raise DomainError(_("Say how you verified who you spoke with."), field="verification")
    if verification == Verification.NOT_NEEDED and channel not in WRITTEN_CHANNELS:
        raise DomainError(
            _("You spoke with someone: say how you verified who it was."), field="verification"
        )
    if verification == Verification.WRITTEN_AUTHORISATION and representation is None:
        raise DomainError(
            _("A written authorisation is for a representative: choose who spoke."),
            field="verification",
        )
    _check_text(
        summary=summary,
        follow_up=follow_up,
        verification_note=verification_note,
        summary_citizen=summary_citizen,
    )
    if about not in ("", "team") and about not in SHAREABLE:
        raise DomainError(_("Say what this is about."), field="about")
    if not summary.strip():
        raise DomainError(_("Write down what was said."), field="summary")
    if summary_citizen_key and summary_citizen_key not in citizen_texts.CONTACT_TEXTS:
        raise DomainError(_("Choose one of the texts for the citizen."), field="summary_citizen")
    if actor.is_citizen and not (summary_citizen_key or summary_citizen.strip()):
        summary_citizen = summary  # the citizen's own words
    if representation is not None:
        if representation.represented_id != case.person_id:
            raise DomainError(
                _("This representative does not act for this person."), field="representation"
            )
        if representation.case_id and representation.case_id != case.pk:
            raise DomainError(
                _("This representative acts for another case only."), field="representation"
            )
        if not representation.is_current():
            raise DomainError(_("This representation is not valid today."), field="representation")
    occurred_at = occurred_at or clock.now()
    if occurred_at > clock.now() + dt.timedelta(minutes=5):
        raise DomainError(_("The contact lies in the future."), field="occurred_at")
    checked = [(upload, description, *check_document(upload)) for upload, description in documents]
    contact = Contact.objects.create(
        case=case,
        channel=channel,
        direction=direction,
        verification=verification,
        verification_note=verification_note.strip(),
        representation=representation,
        summary=summary.strip(),
        summary_citizen_key=summary_citizen_key,
        summary_citizen=summary_citizen.strip(),
        follow_up=follow_up.strip(),
        occurred_at=occurred_at,
        recorded_by=_user(actor),
        team_id=_team_id(actor),
        about=about,
    )
    for upload, description, _extension, content_type in checked:
        document = ContactDocument(
            contact=contact,
            original_name=(upload.name or "")[:255],
            content_type=content_type,
            size=upload.size,
            description=description.strip(),
        )
        # Encrypted at rest with the field keys: a copy of the media folder reveals nothing.
        upload.seek(0)
        content = b"".join(upload.chunks())
        document.file.save("document", ContentFile(crypto.encrypt_bytes(content)), save=False)
        document.save()
    recipients = [(case.person, RecipientKind.PERSON)]
    if representation is not None:
        recipients.append((representation.representative, RecipientKind.REPRESENTATIVE))
    next_steps = follow_up.strip() or None  # else the case's next step, as the citizen reads it
    _confirm(
        case=case,
        contact=contact,
        recipients=recipients,
        understood=summary.strip(),
        next_steps=next_steps,
        actor=actor,
    )
    Case._base_manager.filter(pk=case.pk).update(version=F("version") + 1, updated_at=clock.now())
    processing.record_change(
        actor=actor,
        action="contact_record",
        object_type="case",
        object_id=case.pk,
        changes={
            "contact": str(contact.pk),
            "channel": channel,
            "direction": direction,
            "verification": verification,
            "representation": str(representation.pk) if representation else None,
            "documents": len(checked),
        },
    )
    capture.case_changed(case)
    return contact


@transaction.atomic
def note_add(*, case: Case, text: str, internal: bool = True, actor: Actor) -> CaseNote:
    """Add a note to the case; internal notes are never shown to the citizen."""
    _check_text(text=text)
    if not text.strip():
        raise DomainError(_("Write the note."), field="text")
    note = CaseNote.objects.create(
        case=case,
        text=text.strip(),
        internal=internal,
        written_by=_user(actor),
        team_id=_team_id(actor),
    )
    processing.record_change(
        actor=actor,
        action="note_add",
        object_type="case",
        object_id=case.pk,
        changes={"note": str(note.pk), "internal": internal},
    )
    return note
