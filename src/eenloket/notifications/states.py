"""The life of a message in the outbox: one table (core/states.py, decision 0038).

A worker claims a pending message (or takes over one whose lease ran out: its worker died),
then records it sent, or waiting for another attempt, or dead when every channel failed; a
person can put a dead message back. The outbox (``outbox.py``) and ``message_retry`` make
each move through ``LIFECYCLE``; a message's moves are not audited one by one (the delivery
attempts are its history).

The outbox's lock is the lease: a worker holds the row lock only while it claims a message,
and then owns it until its lease runs out, so the outcome is written on the message as the
worker holds it (``locked=True``), without a second lock. Each write stays one commit of its
own, which the crash tests (notifications/tests/test_crash.py) rely on."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.core.states import Act, Lifecycle, Machine, Move
from eenloket.notifications.models import Message, MessageStatus

MESSAGE = Machine(
    noun="message",
    states=MessageStatus,
    field="status",
    refused=_("Only a message that could not be sent can be tried again."),
    moves=(
        Move(MessageStatus.PENDING, "claim", MessageStatus.SENDING),
        Move(MessageStatus.SENDING, "deliver", MessageStatus.SENT),
        Move(MessageStatus.SENDING, "retry_later", MessageStatus.PENDING),
        Move(MessageStatus.SENDING, "give_up", MessageStatus.DEAD),
        Move(MessageStatus.DEAD, "retry", MessageStatus.PENDING),
    ),
    acts=(Act("take_over", (MessageStatus.SENDING,)),),  # the lease of a dead worker ran out
)


def _not_audited(message, move, actor, detail) -> None:
    """A message's moves leave no audit entry: its delivery attempts are its history."""


LIFECYCLE = Lifecycle(machine=MESSAGE, model=Message, audit=_not_audited)
