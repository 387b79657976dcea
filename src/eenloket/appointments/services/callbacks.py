"""Call-back requests: the citizen asks to be called, the worker records the call."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import formats
from django.utils.translation import gettext as _

from eenloket.appointments.models import CallbackRequest, CallbackState, PartOfDay
from eenloket.appointments.services._common import _citizen, _own_open_case
from eenloket.appointments.services.lifecycle import CALLBACK_LIFECYCLE
from eenloket.appointments.states import CALLBACK
from eenloket.audit import processing
from eenloket.calendars import desk_days
from eenloket.cases import citizen_texts
from eenloket.cases import services as cases
from eenloket.cases.models import Case, CaseStatus, ContactChannel, Direction, Verification
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError

# A call-back request is answered within one working day.
CALLBACK_WORKING_DAYS = 1
NOTE_MAX_LENGTH = 1000


# Dutch phone numbers: 0 and nine digits (06 mobile, 010 Rotterdam…), or +31/0031 and nine.
_NATIONAL = re.compile(r"0[1-9]\d{8}")
# Paid and free service numbers cannot be a citizen's own line.
_SERVICE_PREFIXES = ("0800", "0900", "0906", "0909")


def dutch_phone(value: str) -> str:
    """Return a Dutch phone number in one form ("0612345678"), or raise a clear error."""
    raw = (value or "").strip()
    if not raw:
        raise DomainError(_("Give the phone number we can call you on."), field="phone")
    digits = re.sub(r"[\s\-().]", "", raw)
    if digits.startswith("+31"):
        digits = "0" + digits[3:]
    elif digits.startswith("0031"):
        digits = "0" + digits[4:]
    if digits.startswith("00") or digits.startswith("+"):
        raise DomainError(
            _("We can only call Dutch numbers. Give a number that starts with 0 or +31."),
            field="phone",
        )
    if digits.startswith(_SERVICE_PREFIXES):
        raise DomainError(
            _("This is a service number. Give the number of your own phone."), field="phone"
        )
    if not _NATIONAL.fullmatch(digits):
        raise DomainError(
            _("This is not a Dutch phone number. A number has 10 digits, like 06 12345678."),
            field="phone",
        )
    return digits


def _working_days_ahead(days: int) -> dt.date:
    return desk_days.working_days_after(clock.today(), days)


@transaction.atomic
def callback_request(
    *,
    own_cases: list,
    phone: str,
    part_of_day: str,
    note: str = "",
    case=None,
    actor: Actor,
) -> CallbackRequest:
    """The citizen asks to be called back, about one of their open questions or in general.

    It lands in the owning team's queue: the case's next step becomes "call back", due the
    next working day; in general (no question chosen) a new question is opened with the team
    that helped them last. It is a contact on the case, so the citizen gets a confirmation.
    One open request per question."""
    person = _citizen(actor)
    phone = dutch_phone(phone)
    if part_of_day not in PartOfDay.values:
        raise DomainError(_("Choose when we may call you."), field="part_of_day")
    note = (note or "").strip()
    if "\x00" in note:
        raise DomainError(_("This text contains a character that is not allowed."), field="note")
    if len(note) > NOTE_MAX_LENGTH:
        raise DomainError(
            _("Your text is too long: at most %(n)s characters.") % {"n": NOTE_MAX_LENGTH},
            field="note",
        )
    case = _own_open_case(case, own_cases)
    due = _working_days_ahead(CALLBACK_WORKING_DAYS)
    part = PartOfDay(part_of_day).label
    next_step = _("Call the citizen back on %(phone)s (%(when)s)") % {
        "phone": phone,
        "when": str(part).lower(),
    }
    if case is None:
        if not own_cases:
            raise DomainError(
                _("We do not know you yet. Call us or come to the desk: then we can help you."),
                field="case",
            )
        latest = own_cases[0]
        case = cases.case_open(
            person=person,
            question_verbatim=note or _("Please call me back."),
            owning_team=latest.owning_team,
            coordinator=latest.coordinator,
            next_step=next_step,
            next_step_due=due,
            next_step_citizen_key=citizen_texts.CALL_BACK,
            actor=actor,
        )
    elif CallbackRequest._base_manager.filter(case=case, state=CallbackState.OPEN).exists():
        raise DomainError(
            _("You already asked us to call you back about this question. We will call you."),
            field="case",
        )
    else:
        current = Case._base_manager.get(pk=case.pk)
        cases.case_update(
            case=current,
            expected_version=current.version,
            next_step=next_step,
            next_step_due=due,
            next_step_citizen_key=citizen_texts.CALL_BACK,
            actor=actor,
        )
    try:
        with transaction.atomic():
            callback = CallbackRequest.objects.create(
                case=case,
                person=person,
                phone=phone,
                part_of_day=part_of_day,
                note=note,
                due_on=due,
            )
    except IntegrityError:  # a second tab asked at the same moment
        raise DomainError(
            _("You already asked us to call you back about this question. We will call you."),
            field="case",
        ) from None
    case = Case._base_manager.get(pk=case.pk)
    summary = _("Please call me back on %(phone)s, %(when)s.") % {
        "phone": phone,
        "when": str(part).lower(),
    }
    if note:
        summary += "\n" + note
    cases.contact_record(
        case=case,
        channel=ContactChannel.PORTAL,
        direction=Direction.INCOMING,
        verification=Verification.DIGID,
        summary=summary,
        follow_up=_("We will call you back by %(due)s.")
        % {"due": formats.date_format(due, "l j F")},
        actor=actor,
    )
    processing.record_change(
        actor=actor,
        action="callback_request",
        object_type="case",
        object_id=case.pk,
        changes={"callback": str(callback.pk), "part_of_day": part_of_day},
    )
    return callback


@transaction.atomic
def callback_done(
    *,
    callback: CallbackRequest,
    summary: str,
    next_step: str,
    next_step_due: dt.date,
    actor: Actor,
    summary_citizen_key: str = "",
    summary_citizen: str = "",
) -> CallbackRequest:
    """Record that the worker called the citizen back: the call is a contact on the case (the
    citizen gets a confirmation), the request is done, and the case gets its next step. The
    caller obtained the case through the policy point. Done twice changes nothing. What the
    citizen reads of the call is chosen (``summary_citizen_key``) or written for them
    (``summary_citizen``), else "We called you." (decision 0051)."""
    if not actor.is_worker:
        raise DomainError(_("Only a worker records a call."))
    current = CALLBACK_LIFECYCLE.locked(callback)
    if current.state == CallbackState.DONE:
        return current  # done twice changes nothing
    CALLBACK.check(current.state, "done")
    if not (summary or "").strip():
        raise DomainError(_("Write down what was said."), field="summary")
    case = Case._base_manager.get(pk=current.case_id)
    contact = cases.contact_record(
        case=case,
        channel=ContactChannel.PHONE,
        direction=Direction.OUTGOING,
        verification=Verification.CALLBACK,
        summary=summary,
        summary_citizen_key=summary_citizen_key,
        summary_citizen=summary_citizen,
        actor=actor,
    )
    if case.status != CaseStatus.CLOSED:
        case = Case._base_manager.get(pk=case.pk)
        cases.case_update(
            case=case,
            expected_version=case.version,
            next_step=next_step,
            next_step_due=next_step_due,
            actor=actor,
        )
    return CALLBACK_LIFECYCLE.transition(
        current, "done", actor=actor, locked=True, changes={"contact": contact}
    )
