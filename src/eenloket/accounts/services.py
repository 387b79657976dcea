"""Writes for workers: accounts, memberships, login throttling and the second factor."""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.accounts.models import (
    CASEWORK_ROLES,
    LoginThrottle,
    Membership,
    Role,
    User,
    WorkerInvitation,
)
from eenloket.audit import processing
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Organisation, Team

TOTP_ISSUER = "eenloket"
NO_EMAIL = gettext_lazy("An invitation goes by e-mail: give the worker's address.")


@transaction.atomic
def worker_create(
    *,
    username: str,
    display_name: str,
    email: str = "",
    password: str | None,
    is_demo: bool = False,
    actor: Actor,
) -> User:
    """Create a worker account. The password must pass the password rules (12+ characters);
    ``None`` makes an account without one, for a worker invited by e-mail (who sets it)."""
    username = username.strip().lower()
    if not username:
        raise DomainError(_("A worker needs a user name."), field="username")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("This user name is already taken."), field="username")
    if is_demo and settings.EENLOKET_MODE != "demo":
        raise DomainError(_("Demo accounts can only be made in demo mode."))
    user = User(username=username, display_name=display_name.strip(), email=email, is_demo=is_demo)
    if password is None:
        user.set_unusable_password()
    else:
        _check_password(password, user)
        user.set_password(password)
    user.save()
    processing.record_change(
        actor=actor,
        action="worker_create",
        object_type="user",
        object_id=user.pk,
        changes={"username": username, "display_name": user.display_name, "email": email},
    )
    return user


@transaction.atomic
def worker_update(*, user: User, display_name: str, email: str, actor: Actor) -> User:
    """Change a worker's name as shown and e-mail address; only what changed is saved."""
    user = User.objects.select_for_update().get(pk=user.pk)
    display_name, email = display_name.strip(), email.strip()
    if not display_name:
        raise DomainError(_("Give the name colleagues know this worker by."), field="display_name")
    changes = {}
    for name, value in (("display_name", display_name), ("email", email)):
        if getattr(user, name) != value:
            changes[name] = [getattr(user, name), value]
            setattr(user, name, value)
    if changes:
        user.save(update_fields=list(changes))
        processing.record_change(
            actor=actor, action="worker_update", object_type="user", object_id=user.pk,
            changes=changes,
        )  # fmt: skip
    return user


@transaction.atomic
def membership_create(
    *,
    user: User,
    organisation: Organisation,
    team: Team | None,
    role: str,
    valid_from: dt.date | None = None,
    valid_until: dt.date | None = None,
    actor: Actor,
) -> Membership:
    """Let a worker work for an organisation (in a team) in a role, for a period.

    Case work (frontline, partner, coordinator) happens in a team; the team must belong to the
    organisation.
    """
    if role not in Role.values:
        raise DomainError(_("Unknown role: %s") % role, field="role")
    if role in CASEWORK_ROLES and team is None:
        raise DomainError(_("This role works on cases and needs a team."), field="team")
    if team is not None and team.organisation_id != organisation.pk:
        raise DomainError(_("The team does not belong to this organisation."), field="team")
    valid_from = valid_from or clock.today()
    if valid_until is not None and valid_until < valid_from:
        raise DomainError(_("The end date lies before the start date."), field="valid_until")
    if Membership.objects.filter(
        user=user, organisation=organisation, team=team, role=role
    ).exists():
        raise DomainError(_("This worker already has this membership."))
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        team=team,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
    )
    processing.record_change(
        actor=actor,
        action="membership_create",
        object_type="membership",
        object_id=membership.pk,
        changes={
            "user": str(user.pk),
            "organisation": str(organisation.pk),
            "team": str(team.pk) if team else "",
            "role": role,
            "valid_from": valid_from.isoformat(),
            "valid_until": valid_until.isoformat() if valid_until else "",
        },
    )
    _sessions_end(user, actor=actor, why="membership_create")
    return membership


def _sessions_end(user: User, *, actor: Actor, why: str) -> None:
    """Raise the worker's session epoch: every session they have, on any device, ends at its
    next request (accounts/middleware.py). In the caller's transaction, with an audit entry."""
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    processing.record_change(
        actor=actor,
        action="worker_sessions_end",
        object_type="user",
        object_id=user.pk,
        changes={"why": why, "session_epoch": user.session_epoch},
    )


@transaction.atomic
def worker_sessions_end(*, user: User, actor: Actor) -> None:
    """End every session of the worker now (a lost laptop, a suspected misuse)."""
    _sessions_end(user, actor=actor, why="asked")


@transaction.atomic
def worker_set_password(*, user: User, password: str, actor: Actor) -> None:
    """Give the worker a new password (it must pass the password rules) and end every session
    they have, everywhere: whoever knew the old one is out."""
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _sessions_end(user, actor=actor, why="password")


def _check_password(password: str, user: User) -> None:
    """The password rules: 12+ characters, not a common password, not like the user name."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, user: User, actor: Actor) -> tuple[WorkerInvitation, str]:
    """Make a single-use invitation for the worker and return it with its secret token (which
    only the e-mail carries; the database keeps its digest). Older open invitations end."""
    if not user.email:
        raise DomainError(
            _("An invitation goes by e-mail: give the worker's address."), field="email"
        )
    now = clock.now()
    WorkerInvitation.objects.filter(user=user, used_at=None, revoked_at=None).update(
        revoked_at=now, updated_at=now
    )
    token = secrets.token_urlsafe(32)
    invitation = WorkerInvitation.objects.create(
        user=user,
        token_digest=_token_digest(token),
        expires_at=now + dt.timedelta(hours=settings.EENLOKET_INVITATION_HOURS),
        invited_by=str(actor.user or actor.system_name),
    )
    processing.record_change(
        actor=actor, action="worker_invite", object_type="user", object_id=user.pk,
        changes={"email": user.email, "expires_at": invitation.expires_at.isoformat()},
    )  # fmt: skip
    return invitation, token


def invitation_find(token: str) -> WorkerInvitation:
    """The open invitation this link belongs to, or a refusal that says what is wrong."""
    invitation = (
        WorkerInvitation.objects.select_related("user")
        .filter(token_digest=_token_digest(token or ""))
        .first()
    )
    if invitation is None or invitation.revoked_at is not None or not invitation.user.is_active:
        raise DomainError(_("This link is not valid. Ask your application manager for a new one."))
    if invitation.used_at is not None:
        raise DomainError(
            _("This link has been used already. Log in with your user name and password.")
        )
    if not invitation.is_open():
        raise DomainError(_("This link has expired. Ask your application manager for a new one."))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """The invited worker sets their password; the link cannot be used again. The worker then
    enrols the second factor (the login asks for it, as after any first password)."""
    invitation = invitation_find(token)
    invitation = WorkerInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:  # used by a request that locked it first
        raise DomainError(
            _("This link has been used already. Log in with your user name and password.")
        )
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.used_at = invitation.updated_at = clock.now()
    invitation.save(update_fields=["used_at", "updated_at"])
    _sessions_end(user, actor=Actor.system("invitation"), why="invitation_accepted")
    return user


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str, actor: Actor) -> Membership:
    """Change what a worker works as in this membership; their sessions end everywhere, so the
    new role holds from their next login and the old one nowhere."""
    if role not in Role.values:
        raise DomainError(_("Unknown role: %s") % role, field="role")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if role in CASEWORK_ROLES and membership.team_id is None:
        raise DomainError(_("This role works on cases and needs a team."), field="team")
    old = membership.role
    membership.role = role
    membership.updated_at = clock.now()
    membership.save(update_fields=["role", "updated_at"])
    processing.record_change(
        actor=actor,
        action="membership_change_role",
        object_type="membership",
        object_id=membership.pk,
        changes={"role": [old, role]},
    )
    _sessions_end(membership.user, actor=actor, why="role")
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, actor: Actor, on: dt.date | None = None) -> None:
    """End a membership (from ``on``, today by default); the worker's sessions end everywhere."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    on = on or clock.today()
    if on < membership.valid_from:
        raise DomainError(_("The end date lies before the start date."), field="valid_until")
    membership.valid_until = on
    membership.updated_at = clock.now()
    membership.save(update_fields=["valid_until", "updated_at"])
    processing.record_change(
        actor=actor,
        action="membership_end",
        object_type="membership",
        object_id=membership.pk,
        changes={"valid_until": on.isoformat()},
    )
    _sessions_end(membership.user, actor=actor, why="membership_end")


# Login throttling (#26): a back-off, never a hard lock that others can keep closed.
# - Per user name (for every name, existing or not, so a wait says nothing about whether an
#   account exists): EENLOKET_LOGIN_MAX_FAILURES free failures, then each failure makes the
#   next attempt wait longer (1, 2, 4, 8 minutes, at most 15).
# - Per client address (an IPv6 address by its /64): EENLOKET_LOGIN_ADDRESS_FREE_FAILURES
#   failures over any names, then a wait of 10, 20, 40 ... seconds, at most 5 minutes, so trying
#   many user names from one place is slowed too.
# - An attempt refused because it came too early is not counted: waiting never grows by itself.
# - Counts are forgotten after EENLOKET_LOGIN_WINDOW_SECONDS without a failure.
# - A worker whose name is held back logs in with the password and the code from their
#   authenticator app together (the second factor proves it is them): a colleague who knows
#   their user name cannot keep them out. The address wait still applies.


@dataclass(frozen=True)
class LoginWait:
    """The client must wait ``seconds`` before the next attempt; ``scope`` is "name" or
    "address" (what the page explains)."""

    seconds: int
    scope: str

    @property
    def minutes(self) -> int:
        return max(1, -(-self.seconds // 60))


def _digest(kind: str, value: str) -> str:
    if kind == "name":  # the key the throttle has used since #3, kept so counts carry over
        return hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def address_key(address: str) -> str:
    """The part of a client address that is throttled: the address itself, for IPv6 its /64
    (one subscriber usually holds a whole /64). Not an address: the text as given."""
    try:
        ip = ipaddress.ip_address((address or "").strip())
    except ValueError:
        return (address or "unknown")[:64]
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _delay(failures: int, *, free: int, base: int, cap: int) -> int:
    if failures < free:
        return 0
    return min(cap, base * 2 ** min(failures - free, 20))


def _rules(kind: str) -> dict:
    if kind == "name":
        return {
            "free": settings.EENLOKET_LOGIN_MAX_FAILURES,
            "base": settings.EENLOKET_LOGIN_BACKOFF_SECONDS,
            "cap": settings.EENLOKET_LOGIN_BACKOFF_MAX_SECONDS,
        }
    return {
        "free": settings.EENLOKET_LOGIN_ADDRESS_FREE_FAILURES,
        "base": settings.EENLOKET_LOGIN_ADDRESS_BACKOFF_SECONDS,
        "cap": settings.EENLOKET_LOGIN_ADDRESS_BACKOFF_MAX_SECONDS,
    }


def _wait_for(kind: str, value: str) -> LoginWait | None:
    throttle = LoginThrottle.objects.filter(name_digest=_digest(kind, value)).first()
    now = clock.now()
    if throttle is None or throttle.locked_until is None or throttle.locked_until <= now:
        return None
    left = (throttle.locked_until - now).total_seconds()
    return LoginWait(seconds=max(1, math.ceil(left)), scope=kind)


def login_wait(*, username: str, address: str = "") -> LoginWait | None:
    """Tell how long a login attempt for ``username`` from ``address`` must still wait (the
    address first: it holds for every name), or None when it may go ahead now."""
    return _wait_for("address", address_key(address)) or _wait_for("name", username)


def login_is_locked(*, username: str) -> bool:
    """Tell whether the user name must wait before its next attempt."""
    return _wait_for("name", username) is not None


def _count_failure(kind: str, value: str) -> None:
    now = clock.now()
    quiet = dt.timedelta(seconds=settings.EENLOKET_LOGIN_WINDOW_SECONDS)
    throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
        name_digest=_digest(kind, value), defaults={"window_started_at": now}
    )
    # Forgotten after a quiet window that starts when the wait ends: waiting out the wait
    # does not wipe the count (else every wait would buy a fresh set of free attempts).
    since = max(filter(None, (throttle.last_failed_at, throttle.locked_until)), default=None)
    if since is None or now - since > quiet:
        throttle.failures = 0
        throttle.window_started_at = now
        throttle.locked_until = None
    throttle.failures += 1
    throttle.last_failed_at = now
    seconds = _delay(throttle.failures, **_rules(kind))
    throttle.locked_until = now + dt.timedelta(seconds=seconds) if seconds else None
    throttle.save()


@transaction.atomic
def login_failed(*, username: str, address: str = "") -> None:
    """Count a failed login for this user name and for the client's address."""
    _count_failure("name", username)
    if address:
        _count_failure("address", address_key(address))


@transaction.atomic
def login_succeeded(*, username: str) -> None:
    """Forget earlier failures for this user name (not for the address: one valid account must
    not reset the count of an address that tries many names)."""
    LoginThrottle.objects.filter(name_digest=_digest("name", username)).delete()


def second_factor_required(user: User) -> bool:
    """Tell whether this worker must pass a TOTP code after the password.

    Always, except for demo accounts in demo mode (production refuses demo accounts anyway).
    """
    return not (user.is_demo and settings.EENLOKET_MODE == "demo")


def totp_new_secret() -> str:
    """Return a fresh TOTP secret to show during enrolment (not stored until confirmed)."""
    return pyotp.random_base32()


def totp_provisioning_uri(*, user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=TOTP_ISSUER)


def _accepted_step(secret: str, code: str, last_step: int | None) -> int | None:
    """Return the time step the code belongs to (allowing one step of clock drift), or None."""
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    moment = clock.now()
    current = totp.timecode(moment)
    for step in (current, current - 1, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if pyotp.utils.strings_equal(totp.generate_otp(step), code):
            return step
    return None


@transaction.atomic
def totp_confirm_enrolment(*, user: User, secret: str, code: str) -> None:
    """Store the second factor once the worker proves their app produces valid codes."""
    step = _accepted_step(secret, code, None)
    if step is None:
        raise DomainError(_("This code is not right. Check the time on your phone and try again."))
    user = User.objects.select_for_update().get(pk=user.pk)
    user.totp_secret_encrypted = crypto.encrypt(secret)
    user.totp_confirmed_at = clock.now()
    user.totp_last_step = step
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed_at", "totp_last_step"])


@transaction.atomic
def totp_verify(*, user: User, code: str) -> bool:
    """Check a code against the worker's second factor; a code is accepted only once."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.totp_secret_encrypted:
        return False
    step = _accepted_step(crypto.decrypt(user.totp_secret_encrypted), code, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    user.save(update_fields=["totp_last_step"])
    return True


@transaction.atomic
def worker_set_notify_by_email(*, user: User, notify_by_email: bool, actor: Actor) -> None:
    """Choose whether the worker's notifications also come by e-mail (without case details)."""
    if notify_by_email and not user.email:
        raise DomainError(_("Add an e-mail address to your account first."))
    if user.notify_by_email == notify_by_email:
        return
    user.notify_by_email = notify_by_email
    user.save(update_fields=["notify_by_email"])
