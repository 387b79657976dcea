"""The life of a message in the outbox: one table (core/states.py, decision 0038).

A worker claims a pending message (or takes over one whose lease ran out: its worker died),
then records it sent, or waiting for another attempt, or dead when every channel failed; a
person can put a dead message back. The outbox (``outbox.py``) and ``message_retry`` check
each move here; a message's moves are not audited one by one (the delivery attempts are its
history)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.core.states import Act, Machine, Move
from eenloket.notifications.models import MessageStatus

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
