"""What the appointment and call-back services share: how a moment reads, who the citizen is,
which of their questions they chose, and telling them."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from eenloket.appointments import selectors
from eenloket.appointments.slots import TZ
from eenloket.cases import services as cases
from eenloket.cases.models import Case, CaseStatus, ContactChannel, Direction, Verification
from eenloket.cases.services.contacts import tell_citizen
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Location
from eenloket.people.models import Person


def when_text(moment: dt.datetime) -> str:
    """A moment as the citizen reads it, in the active language: "Tuesday 1 December 2026 at
    10:30"."""
    local = moment.astimezone(TZ)
    return _("%(day)s at %(time)s") % {
        "day": formats.date_format(local, "l j F Y"),
        "time": local.strftime("%H:%M"),
    }


def _address_text(location: Location) -> str:
    address = selectors.address_of(location)
    if address is None:
        return location.name
    return f"{location.name}, {address.address_1}, {address.postal_code} {address.city}"


def _own_open_case(case, own_cases) -> Case | None:
    if case is None:
        return None
    if case not in own_cases or case.status == CaseStatus.CLOSED:
        raise DomainError(_("Choose one of your open questions."), field="case")
    return case


def _citizen(actor: Actor) -> Person:
    if not actor.is_citizen:
        raise DomainError(_("Only the citizen can do this here."))
    # Services read and lock through the unguarded base manager (docs/decisions/0021).
    return Person._base_manager.get(pk=actor.person_id)


def _tell(*, person, case, summary, follow_up, actor) -> None:
    """A contact on the case (which confirms it to the citizen), or, without a case, a message
    to the citizen through the outbox."""
    if case is not None:
        cases.contact_record(
            case=case,
            channel=ContactChannel.PORTAL,
            direction=Direction.INCOMING,
            verification=Verification.DIGID,
            summary=summary,
            follow_up=follow_up,
            actor=actor,
        )
    else:
        tell_citizen(
            person=person,
            purpose="appointment",
            what=summary,
            next_step=follow_up,
            reach=_("the desk"),
            actor=actor,
        )
