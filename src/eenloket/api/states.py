"""The life of a webhook delivery: one table (core/states.py, decision 0038).

A worker claims a pending delivery (or takes over one whose lease ran out: its worker died),
then records it delivered (a 2xx), or waiting for the next attempt with back-off, or given up
after the last attempt; an application manager can put a failed one back."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.api.models import DeliveryStatus, Referral
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

# A referral: a question is on a case from the start; an arrears signal waits for the offer
# of help, and the person's answer decides (api/referrals.py).
REFERRAL = Machine(
    noun="referral",
    states=Referral.State,
    field="state",
    refused=_("Only an open offer of help gets an answer."),
    moves=(
        Move(Referral.State.OUTREACH, "help_accepted", Referral.State.HELP_ACCEPTED),
        Move(Referral.State.OUTREACH, "help_declined", Referral.State.HELP_DECLINED),
        Move(Referral.State.OUTREACH, "unreachable", Referral.State.UNREACHABLE),
    ),
)
