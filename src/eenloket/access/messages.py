"""Messages. In the citizen's own Mijn overzicht (``notifications.PortalMessage``): those
addressed to them; a representative reads only those about the questions they act on (not the
ones about the whole person). Another's message is "not found", and the attempt is logged.
In the outbox (``notifications.Message``): those who manage it (``capabilities.MANAGE_OUTBOX``)
see what could not be delivered, without names, addresses or content."""

from __future__ import annotations

from django.db.models import QuerySet

from eenloket.access._common import refuse, uuid_or_none
from eenloket.access.capabilities import may_manage_outbox
from eenloket.access.citizens import citizen_may_read, citizen_read_logged
from eenloket.access.release import release
from eenloket.audit import register
from eenloket.audit.selectors import OUTSIDE_REPRESENTATION
from eenloket.cases.models import Case
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.notifications.models import Message, MessageStatus, PortalMessage
from eenloket.people.models import Representation


def citizen_messages(actor: Actor) -> list:
    """The messages in the citizen's own Mijn overzicht (addressed to them), newest first;
    the read is logged. One query."""
    representation = citizen_may_read(actor)
    found = list(
        _in_scope(
            release(PortalMessage).filter(recipient_ref=str(actor.person_id)), representation
        ).order_by("-created_at")
    )
    citizen_read_logged(actor, ("name", "case_notes"), "portal_messages")
    return found


def citizen_message(actor: Actor, message_id):
    """One message addressed to the citizen; anyone else's is "not found" (the same answer as
    for a message that does not exist), and the attempt is logged as refused."""
    representation = citizen_may_read(actor)
    message = release(PortalMessage).filter(pk=uuid_or_none(message_id)).first()
    own = message is not None and message.recipient_ref == str(actor.person_id)
    if not own or (
        representation is not None and message.case_ref not in _case_refs_in_scope(representation)
    ):
        if message is not None and uuid_or_none(message.recipient_ref) is not None:
            refuse(
                actor,
                register.PORTAL_OVERVIEW,
                message.recipient_ref,
                ("name",),
                OUTSIDE_REPRESENTATION if own else "not the citizen's own message",
                "portal_message",
                message.pk,
            )
        raise NotFoundOrForbidden()
    citizen_read_logged(actor, ("name", "case_notes"), "portal_message", object_id=message.pk)
    return message


def citizen_unread_messages(actor: Actor) -> int:
    """How many messages in the citizen's own Mijn overzicht are not read yet. One query."""
    representation = citizen_may_read(actor)
    return _in_scope(
        release(PortalMessage).filter(recipient_ref=str(actor.person_id), read_at__isnull=True),
        representation,
    ).count()


def _case_refs_in_scope(representation: Representation) -> set[str]:
    """The ids (as stored in a message's ``case_ref``) of the represented person's cases the
    representation covers."""
    return {
        str(case.pk)
        for case in release(Case).filter(person_id=representation.represented_id)
        if representation.covers(case)
    }


def _in_scope(messages: QuerySet, representation: Representation | None) -> QuerySet:
    """A representative sees the messages about the questions they act on, nothing else (not
    the messages without a question, which are about the whole person)."""
    if representation is None:
        return messages
    return messages.filter(case_ref__in=_case_refs_in_scope(representation))


# What the outbox's manager sees of a message: how it was to go and why it failed, never to
# whom, where, or what it said.
OUTBOX_FIELDS = (
    "id",
    "recipient_kind",
    "purpose",
    "template_key",
    "channels",
    "status",
    "last_error",
    "created_at",
)
OUTBOX_LIST_SIZE = 100


def undeliverable_messages(actor: Actor, *, limit: int = OUTBOX_LIST_SIZE) -> list[Message]:
    """The messages that could not be sent, newest first, for those who manage the outbox;
    else NotFoundOrForbidden. No personal data, so nothing is logged."""
    if not may_manage_outbox(actor):
        raise NotFoundOrForbidden()
    return list(
        release(Message)
        .filter(status=MessageStatus.DEAD)
        .only(*OUTBOX_FIELDS)
        .order_by("-created_at")[:limit]
    )


def outbox_message(actor: Actor, message_id) -> Message:
    """One message of the outbox, to put it back in the queue (the service refuses one that did
    not fail), for those who manage the outbox; else NotFoundOrForbidden."""
    if not may_manage_outbox(actor):
        raise NotFoundOrForbidden()
    message = release(Message).filter(pk=uuid_or_none(message_id)).only(*OUTBOX_FIELDS).first()
    if message is None:
        raise NotFoundOrForbidden()
    return message
