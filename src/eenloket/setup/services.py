"""Set-up workflows that span apps: each is one transaction calling the owning apps'
services, which validate, save and write the worker audit log (STYLE: services calling
services). A view or the set-up loader calls one of these, or one domain service directly."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from eenloket.access import capabilities
from eenloket.accounts import services as accounts
from eenloket.accounts.models import Membership, Role, User
from eenloket.appointments import services as appointments
from eenloket.cases import services as cases
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.directory.models import Location, Organisation, Team
from eenloket.handovers import services as handovers
from eenloket.notifications import services as notifications
from eenloket.notifications.models import Channel, RecipientKind
from eenloket.notifications.preferences import ChannelPreferences
from eenloket.setup import selectors
from eenloket.teamwork import services as teamwork


def _require(actor: Actor) -> None:
    if not capabilities.may_set_up(actor):
        raise DomainError(_("Only application managers may set up the loket."))


@transaction.atomic
def worker_add(
    *,
    username: str,
    display_name: str,
    email: str,
    password: str,
    organisation: Organisation,
    team: Team | None,
    role: str,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    actor: Actor,
) -> User:
    """Make a worker account with its first membership, both or neither. The worker sets up
    the second factor at the first login (accounts: the login asks for it)."""
    _require(actor)
    user = accounts.worker_create(
        username=username, display_name=display_name, email=email, password=password, actor=actor
    )
    accounts.membership_create(
        user=user,
        organisation=organisation,
        team=team,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
        actor=actor,
    )
    return user


@transaction.atomic
def first_manager_create(
    *, username: str, display_name: str, email: str, organisation_name: str, kind: str,
    password: str, actor: Actor,
) -> User:  # fmt: skip
    """The way into an empty loket (docs/deploy.md): the first application manager, with their
    organisation (made when it does not exist yet). Refused once a current application manager
    exists: from then on managers are added on the set-up screens, where it is audited who."""
    _require(actor)
    today = clock.today()
    if (
        Membership.objects.filter(role=Role.APPLICATION_MANAGER, valid_from__lte=today)
        .exclude(valid_until__lt=today)
        .exists()
    ):
        raise DomainError(_("There is an application manager already: add others on the screens."))
    organisation = Organisation.objects.filter(name=organisation_name.strip()).first()
    if organisation is None:
        organisation = directory.organisation_create(name=organisation_name, kind=kind, actor=actor)
    return worker_add(
        username=username, display_name=display_name, email=email, password=password,
        organisation=organisation, team=None, role=Role.APPLICATION_MANAGER, actor=actor,
    )  # fmt: skip


@transaction.atomic
def worker_invite(
    *,
    username: str,
    display_name: str,
    email: str,
    organisation: Organisation,
    team: Team | None,
    role: str,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    base_url: str,
    actor: Actor,
) -> User:
    """Make a worker account without a password, with its first membership, and send the
    worker a single-use link by e-mail (through the outbox, in this transaction) with which
    they choose their password and enrol the second factor."""
    _require(actor)
    if not email.strip():
        raise DomainError(
            _("An invitation goes by e-mail: give the worker's address."), field="email"
        )
    user = accounts.worker_create(
        username=username, display_name=display_name, email=email.strip(), password=None,
        actor=actor,
    )  # fmt: skip
    accounts.membership_create(
        user=user, organisation=organisation, team=team, role=role, valid_from=valid_from,
        valid_until=valid_until, actor=actor,
    )  # fmt: skip
    _invitation_send(user, organisation=organisation, base_url=base_url, actor=actor)
    return user


@transaction.atomic
def invitation_resend(*, user: User, base_url: str, actor: Actor) -> None:
    """Send the worker a new link; the older links stop working."""
    _require(actor)
    if user.has_usable_password():
        raise DomainError(_("This worker has set a password already."))
    membership = user.memberships.select_related("organisation").first()
    organisation = membership.organisation if membership else None
    _invitation_send(user, organisation=organisation, base_url=base_url, actor=actor)


def _invitation_send(user: User, *, organisation, base_url: str, actor: Actor) -> None:
    invitation, token = accounts.invitation_create(user=user, actor=actor)
    link = base_url.rstrip("/") + reverse("backoffice:invitation", args=[token])
    notifications.message_queue(
        recipient_kind=RecipientKind.WORKER,
        recipient_ref=user.pk,
        recipient_name=str(user),
        contact={"email": user.email},
        # E-mail only: the link is the message, and no one else may be asked to pass it on.
        preferences=ChannelPreferences(
            ordered=(Channel.EMAIL,),
            refused=frozenset({Channel.CALL}),
            detail_on_shared_channels=True,
        ),
        purpose="worker_invitation",
        template_key="worker_invitation",
        context={
            "name": str(user),
            "username": user.username,
            "organisation": organisation.name if organisation else "",
            "invited_by": str(actor.user) if actor.user else "eenloket",
            "link": link,
            "expires": timezone.localtime(invitation.expires_at).strftime("%d-%m-%Y %H:%M"),
        },
        language="nl",
        actor=actor,
    )


@transaction.atomic
def worker_offboard(*, user: User, successor: User | None, actor: Actor) -> dict[str, int]:
    """A worker leaves: every current membership ends today and with it every session, and
    their open work goes to ``successor`` in the same transaction: the open cases they
    coordinate, the handovers they hold, their open plan actions and their places on case
    teams. Refused without a successor while there is open work (nothing is left without an
    owner), and refused for a successor who is not a current colleague."""
    _require(actor)
    work = selectors.open_work(actor=actor, user=user)
    colleagues, _suggested = selectors.colleagues(actor=actor, user=user)
    if successor is None:
        if work.any:
            raise DomainError(
                _("%(name)s still has open work. Choose the colleague who takes it over.")
                % {"name": user},
                field="successor",
            )
    elif successor.pk not in {c.pk for c in colleagues}:
        raise DomainError(
            _("Choose a colleague who works on cases for the same organisation now."),
            field="successor",
        )
    moved = {"cases": 0, "handovers": 0, "actions": 0}
    if successor is not None:
        team = (
            Membership.objects.filter(user=successor, team__isnull=False)
            .order_by("-valid_from")
            .values_list("team", flat=True)
            .first()
        )
        moved = _hand_over(user, successor, Team.objects.get(pk=team), only_team=False, actor=actor)
    today = clock.today()
    for membership in user.memberships.all():
        if membership.is_current(today):
            accounts.membership_end(
                membership=membership, actor=actor, on=max(today, membership.valid_from)
            )
        elif membership.valid_from > today:  # one that had not begun yet never will
            accounts.membership_end(membership=membership, actor=actor, on=membership.valid_from)
    accounts.worker_sessions_end(user=user, actor=actor)
    return moved


def _hand_over(user: User, successor: User, team: Team, *, only_team: bool, actor: Actor):
    """Each app hands over its own rows (decision 0048); ``only_team``: only what ``user``
    holds for ``team`` (decision 0053)."""
    scope = team if only_team else None
    return {
        "cases": cases.coordinator_hand_over(
            from_user=user, to_user=successor, actor=actor, team=scope
        ),
        "handovers": handovers.handovers_hand_over(
            from_user=user, to_user=successor, actor=actor, team=scope
        ),
        "actions": teamwork.work_hand_over(
            from_user=user, to_user=successor, team=team, actor=actor, only_team=only_team
        ),
    }


@transaction.atomic
def membership_leave(
    *, membership: Membership, successor: User | None, actor: Actor
) -> dict[str, int]:
    """A worker leaves one team but stays (decision 0053): the membership ends today (one
    that has not begun, on its first day), and what they hold for that team — the open cases
    it owns that they coordinate, the handovers they hold for it, their places on case teams
    for it and the plan actions on those cases — goes to ``successor`` in the same
    transaction, through the same services as a worker leaving altogether. The successor must
    be a current case worker of the same team. Refused without one while such work is open;
    nothing moves when the worker keeps another membership of the same team."""
    _require(actor)
    today = clock.today()
    if membership.valid_until is not None and membership.valid_until < today:
        raise DomainError(_("This membership has ended already."))
    user, team = membership.user, membership.team
    moved = {"cases": 0, "handovers": 0, "actions": 0}
    if team is not None and not selectors.stays_in_team(actor=actor, membership=membership):
        work = selectors.open_work(actor=actor, user=user, team=team)
        colleagues, _suggested = selectors.team_colleagues(actor=actor, membership=membership)
        if successor is None and work.any:
            raise DomainError(
                _(
                    "%(name)s still has open work for %(team)s. Choose the colleague of the "
                    "team who takes it over."
                )
                % {"name": user, "team": team.name},
                field="successor",
            )
        if successor is not None and successor.pk not in {c.pk for c in colleagues}:
            raise DomainError(
                _("Choose a colleague who works on cases in %(team)s now.") % {"team": team.name},
                field="successor",
            )
        if successor is not None:
            moved = _hand_over(user, successor, team, only_team=True, actor=actor)
    accounts.membership_end(
        membership=membership, actor=actor, on=max(today, membership.valid_from)
    )
    return moved


@transaction.atomic
def desk_save(
    *,
    organisation: Organisation,
    name: str,
    address: Mapping[str, Any],
    schedules: Sequence[Mapping[str, Any]],
    takes_appointments: bool,
    slot_minutes: int = 30,
    capacity: int = 1,
    horizon_days: int = 28,
    closing_days: Iterable[dt.date] = (),
    actor: Actor,
) -> Location:
    """Add or change a walk-in desk of the organisation (found by name): its address and
    opening hours (directory), and how it takes appointments with its own closing days
    (appointments). A desk that stops taking appointments keeps the bookings it has."""
    _require(actor)
    location = directory.location_save(
        organisation=organisation,
        name=name,
        location_type=Location.Type.PHYSICAL,
        address=dict(address),
        schedules=list(schedules),
        actor=actor,
    )
    has_setting = hasattr(location, "appointment_setting")
    if takes_appointments or has_setting:
        appointments.setting_save(
            location=location,
            slot_minutes=slot_minutes,
            capacity=capacity,
            horizon_days=horizon_days,
            active=takes_appointments,
            closing_days=list(closing_days),
            actor=actor,
        )
    return location
