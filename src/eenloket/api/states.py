"""The life of a webhook delivery: one table (core/states.py, decision 0038).

A worker claims a pending delivery (or takes over one whose lease ran out: its worker died),
then records it delivered (a 2xx), or waiting for the next attempt with back-off, or given up
after the last attempt; an application manager can put a failed one back."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.api.models import DeliveryStatus
from eenloket.core.states import Act, Machine, Move

DELIVERY = Machine(
    noun="webhook delivery",
    states=DeliveryStatus,
    field="status",
    refused=_("Only a delivery that was given up can be tried again."),
    moves=(
        Move(DeliveryStatus.PENDING, "claim", DeliveryStatus.SENDING),
        Move(DeliveryStatus.SENDING, "deliver", DeliveryStatus.DELIVERED),
        Move(DeliveryStatus.SENDING, "retry_later", DeliveryStatus.PENDING),
        Move(DeliveryStatus.SENDING, "give_up", DeliveryStatus.FAILED),
        Move(DeliveryStatus.FAILED, "retry", DeliveryStatus.PENDING),
    ),
    acts=(Act("take_over", (DeliveryStatus.SENDING,)),),
)
