"""The life of a consent: one table of allowed moves (core/states.py, decision 0038).

A consent is asked (or recorded at once as given or declined); an asked one is answered once;
a given one ends by withdrawal or by running out. Ended and declined consents stay as they are:
a new consent is a new row, with its own receipt."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from eenloket.consent.models import ConsentState
from eenloket.core.states import Machine, Move

MACHINE = Machine(
    noun="consent",
    states=ConsentState,
    refused=_("This consent cannot go from “%(state)s” to “%(target)s”."),
    moves=(
        Move(ConsentState.REQUESTED, "give", ConsentState.GIVEN),
        Move(ConsentState.REQUESTED, "decline", ConsentState.DECLINED),
        Move(ConsentState.GIVEN, "withdraw", ConsentState.WITHDRAWN),
        Move(ConsentState.GIVEN, "expire", ConsentState.EXPIRED),
    ),
)
