"""Drafting and sending a handover: how warm it must be, the warm call before a warm one is
sent, the check that the receiver can reach the citizen, asking the citizen's consent for it,
and the send itself (access, due time in the direct line's working hours, notifications)."""

# Services write and lock rows of objects an interface already obtained through the policy
# point, so they use the unguarded ``_base_manager``; the guarded ``objects`` hands out, while a
# request is served, only what the policy point released (docs/decisions/0021 and 0031).

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.access import direct_lines
from eenloket.access import disclosure as disclosure_rules
from eenloket.assessment.models import Assessment
from eenloket.assessment.rules import INTENSIVE, SELF_RELIANT
from eenloket.calendars import desk_days
from eenloket.calendars.working_hours import WorkingCalendar
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.consent.categories import SHAREABLE
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.handovers.models import Handover, Urgency, WarmCall, Warmth
from eenloket.handovers.services._common import (
    LIFECYCLE,
    _event,
    _lock_case,
    _locked,
    _must_be_side,
    _team,
)
from eenloket.handovers.services.notices import _notify, _tell_citizen
from eenloket.handovers.states import MACHINE, SENDER, State

# A direct line without staffed hours in the directory is reached on working days, 9 to 17.
DEFAULT_HOURS = {day: ((dt.time(9), dt.time(17)),) for day in range(5)}


def warmth_for(case) -> str:
    """How warm a handover must be, from the latest support assessment (docs/assessment.md):
    intensive → warm, light (or not assessed) → guided, self-reliant → information only."""
    latest = (
        Assessment._base_manager.filter(case=case).order_by("-assessed_on", "-created_at").first()
    )
    level = latest.support_level if latest else None
    if level == INTENSIVE:
        return Warmth.WARM
    if level == SELF_RELIANT:
        return Warmth.INFORMATION
    return Warmth.GUIDED


def calendar_of(contact_point) -> WorkingCalendar:
    """The direct line's staffed hours (directory schedules), closed on recognised holidays."""
    hours: dict[int, list] = {}
    days = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
    for schedule in contact_point.schedules.all():
        for day in (schedule.byday or "").split(","):
            if day.strip() in days and schedule.opens_at and schedule.closes_at:
                hours.setdefault(days[day.strip()], []).append(
                    (schedule.opens_at, schedule.closes_at)
                )
    year = clock.today().year
    holidays = [d for y in (year, year + 1) for d in desk_days.holidays(y)]
    return WorkingCalendar(hours or DEFAULT_HOURS, closing_days=holidays)


@transaction.atomic
def handover_draft(
    *,
    case,
    contact_point,
    question: str,
    why_this_organisation: str,
    asked: str,
    actor: Actor,
    urgency: str = Urgency.NORMAL,
    to_user=None,
    rerouted_from: Handover | None = None,
    starts_on: dt.date | None = None,
    about: str = disclosure_rules.ABOUT_UNSAID,
) -> Handover:
    """A draft to a direct line. ``starts_on``: the day the receiver's work may start (its
    answer term counts from then); ``about``: what the messages are about (decision 0046)."""
    team = _team(actor)
    _check_start_and_about(starts_on, about)
    for field, text, message in (
        ("question", question, _("Write the question for the receiver.")),
        ("why_this_organisation", why_this_organisation, _("Say why this organisation.")),
        ("asked", asked, _("Say what you ask of them.")),
    ):
        if not (text or "").strip():
            raise DomainError(message, field=field)
    if urgency not in Urgency.values:
        raise DomainError(_("Choose the urgency."), field="urgency")
    if contact_point.team_id == team.pk:
        raise DomainError(_("This direct line is your own team's."), field="contact_point")
    if not direct_lines.may_see(actor, contact_point):
        # The same words as for a line that does not exist (decision 0053).
        raise DomainError(_("There is no direct line with this id."), field="contact_point")
    # Lock the case and read its state after the lock: a case that is closing closes first.
    if _lock_case(case.pk) == "closed":
        raise DomainError(_("The case is closed."))
    handover = Handover.objects.create(
        case=case,
        from_team=team,
        from_user=actor.user,
        contact_point=contact_point,
        to_team=contact_point.team,
        to_user=to_user,
        question=question.strip(),
        why_this_organisation=why_this_organisation.strip(),
        asked=asked.strip(),
        urgency=urgency,
        warmth=warmth_for(case),
        rerouted_from=rerouted_from,
        starts_on=starts_on,
        about=about,
    )
    _event(handover, "transition", "", State.DRAFT, actor)
    return handover


# How far ahead a handover's start date may lie (a release from detention is planned months
# ahead; a year is more than any of them).
LATEST_START_DAYS = 366


def _check_start_and_about(starts_on: dt.date | None, about: str) -> None:
    if starts_on is not None:
        if starts_on < clock.today():
            raise DomainError(_("The start date cannot lie in the past."), field="starts_on")
        if starts_on > clock.today() + dt.timedelta(days=LATEST_START_DAYS):
            raise DomainError(
                _("The start date can be at most a year from today."), field="starts_on"
            )
    if about not in (disclosure_rules.ABOUT_UNSAID, disclosure_rules.ABOUT_TEAM) and (
        about not in SHAREABLE
    ):
        raise DomainError(_("Say what this is about."), field="about")


def term_starts(handover: Handover, now: dt.datetime) -> dt.datetime:
    """When the receiver's answer term starts: at sending, or at the start of the handover's
    start date when that lies later ("from the day of release")."""
    if handover.starts_on is None or handover.starts_on <= timezone.localdate(now):
        return now
    return timezone.make_aware(dt.datetime.combine(handover.starts_on, dt.time.min))


@transaction.atomic
def warm_call_record(*, handover: Handover, spoke_with: str, called_at, agreed: str, actor):
    """Record the call with the receiving direct line (who, when, what was agreed), before
    the handover is sent."""
    _must_be_side(handover, SENDER, actor)
    MACHINE.require(handover.state, "call")
    if handover.warmth != Warmth.WARM:
        raise DomainError(_("Only a warm handover needs a call before it is sent."))
    if not spoke_with.strip() or not agreed.strip():
        raise DomainError(_("Say whom you spoke with and what was agreed."), field="spoke_with")
    if called_at is None or called_at > clock.now():
        raise DomainError(_("The call cannot lie in the future."), field="called_at")
    call = WarmCall.objects.create(
        handover=handover,
        spoke_with=spoke_with.strip(),
        called_at=called_at,
        agreed=agreed.strip(),
        recorded_by=actor.user,
    )
    _event(handover, "call", "", "", actor, text=f"{spoke_with.strip()}: {agreed.strip()}")
    return call


MIN_REASON_WITHOUT_CONTACT = 20


def _check_reach(handover: Handover, disclosure, reason: str) -> str:
    """Refuse to send to a team that would see no way to reach the citizen, unless the sender
    says why it must go now (decision 0039); return the reason given."""
    if disclosure.allows("contact"):
        return ""
    reason = (reason or "").strip()
    if len(reason) >= MIN_REASON_WITHOUT_CONTACT:
        return reason
    raise DomainError(
        _(
            "%(team)s would not see any way to reach the citizen (address, phone or e-mail). "
            "Ask the citizen's consent to share their contact details with %(team)s first, "
            "or say why the handover must go now (at least %(n)d characters)."
        )
        % {"team": handover.to_team.name, "n": MIN_REASON_WITHOUT_CONTACT},
        field="reason_without_contact",
    )


@transaction.atomic
def handover_send(
    *, handover: Handover, actor: Actor, reason_without_contact: str = ""
) -> Handover:
    """Send a draft: the receiver gets access (what the policy point releases to its team,
    recorded here), a due time from the direct line's service level in working
    hours, and a notification; the citizen is told when this re-routes a declined one.
    A team that would see no way to reach the citizen is refused unless the sender gives
    ``reason_without_contact`` (kept in the history)."""
    handover = _locked(handover)
    _must_be_side(handover, SENDER, actor)
    if handover.state == State.SENT:
        return handover  # a second click on "send" changes nothing
    MACHINE.check(handover.state, "send")
    if handover.case.status == "closed":
        # Closing the case and sending its draft cannot interleave: both lock the case first.
        raise DomainError(_("The case is closed: a handover cannot be sent from it."))
    if handover.warmth == Warmth.INFORMATION:
        raise DomainError(
            _(
                "The person is self-reliant: give them the organisation's public contact "
                "details instead of a handover."
            )
        )
    if (
        handover.warmth == Warmth.WARM
        and not WarmCall._base_manager.filter(handover=handover).exists()
    ):
        raise DomainError(
            _(
                "Intensive support: first call the direct line and record who, when and "
                "what was agreed."
            )
        )
    if handover.contact_point.capacity == "closed":
        raise DomainError(_("This direct line is temporarily closed."), field="contact_point")
    now = clock.now()
    disclosure = disclosure_rules.disclosure_for_team(handover.case, handover.to_team)
    reason = _check_reach(handover, disclosure, reason_without_contact)
    handover = LIFECYCLE.transition(
        handover,
        "send",
        actor=actor,
        locked=True,
        changes={
            "shared": dict(sorted(disclosure.bases.items())),
            "channels": list(handover.case.person.channels_preferred),
            "sent_at": now,
            "due_at": calendar_of(handover.contact_point).add_working_hours(
                term_starts(handover, now), handover.contact_point.service_level_hours
            ),
        },
        detail={"text": reason} if reason else None,
    )
    cases.case_add_team(case=handover.case, team=handover.to_team, actor=actor)
    _notify(handover.contact_point.coordinator, handover, _("A handover arrived for %(line)s."))
    if handover.rerouted_from_id:
        _tell_citizen(
            handover,
            _("Your question has moved to %(org)s. %(why)s")
            % {"org": handover.to_team.organisation.name, "why": handover.why_this_organisation},
            actor,
        )
    else:
        # Every step is confirmed to the citizen (promise 3), the first one too.
        _tell_citizen(
            handover,
            _("We asked %(org)s to help you with your question. We let you know when they answer.")
            % {"org": handover.to_team.organisation.name},
            actor,
        )
    return handover


@transaction.atomic
def handover_draft_and_send(*, actor: Actor, **draft) -> Handover:
    """Draft a handover and send it at once ("Send now"): one transaction, so a refusal to
    send (a self-reliant person, a line that takes no handovers) keeps no draft behind."""
    handover = handover_draft(actor=actor, **draft)
    return handover_send(handover=handover, actor=actor)


@transaction.atomic
def handover_ask_consent(*, handover: Handover, actor: Actor):
    """Ask the citizen, from the send screen, for the consent the receiving team needs and
    would not get (its ``REACH_NEEDS``: their contact details, the question): a consent to that
    team, asked and not yet answered, which the citizen answers in Mijn overzicht (or with a
    worker); they are told on their own channel. Returns the consent asked (decision 0039)."""
    handover = _locked(handover)
    _must_be_side(handover, SENDER, actor)
    if handover.state != State.DRAFT:
        raise DomainError(_("Ask for consent before the handover is sent."))
    reach = disclosure_rules.reach_of_team(handover.case, handover.to_team)
    if not reach.missing:
        raise DomainError(_("%(team)s already sees what it needs.") % {"team": handover.to_team})
    asked = consent.consent_record(
        case=handover.case,
        recipient_team=handover.to_team,
        categories=list(reach.missing),
        purpose=(
            _("So that %(team)s can contact you about your question") % {"team": handover.to_team}
        )[:300],
        valid_until=clock.today() + dt.timedelta(days=180),
        given=None,
        recorded_via="portal",
        actor=actor,
    )
    _event(handover, "consent_asked", "", "", actor, text=", ".join(reach.missing))
    _tell_citizen(
        handover,
        _(
            "We would like to pass your question to %(team)s. May they see your contact details "
            "and your question? Answer in Mijn overzicht or call us."
        )
        % {"team": f"{handover.to_team.name}, {handover.to_team.organisation.name}"},
        actor,
    )
    return asked
