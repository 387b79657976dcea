"""Writes for workers: accounts, memberships, login throttling and the second factor."""

from __future__ import annotations

import datetime as dt
import hashlib

import pyotp
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.accounts.models import CASEWORK_ROLES, LoginThrottle, Membership, Role, User
from eenloket.core import clock, crypto
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Organisation, Team

TOTP_ISSUER = "eenloket"


@transaction.atomic
def worker_create(
    *,
    username: str,
    display_name: str,
    email: str = "",
    password: str,
    is_demo: bool = False,
    actor: Actor,
) -> User:
    """Create a worker account. The password must pass the password rules (12+ characters)."""
    username = username.strip().lower()
    if not username:
        raise DomainError(_("A worker needs a user name."), field="username")
    if User.objects.filter(username=username).exists():
        raise DomainError(_("This user name is already taken."), field="username")
    if is_demo and settings.EENLOKET_MODE != "demo":
        raise DomainError(_("Demo accounts can only be made in demo mode."))
    user = User(username=username, display_name=display_name.strip(), email=email, is_demo=is_demo)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(" ".join(error.messages), field="password") from error
    user.set_password(password)
    user.save()
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
    return Membership.objects.create(
        user=user,
        organisation=organisation,
        team=team,
        role=role,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def _throttle_key(username: str) -> str:
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()


def login_is_locked(*, username: str) -> bool:
    """Tell whether logins for this user name are locked now (for every name, existing or not)."""
    throttle = LoginThrottle.objects.filter(name_digest=_throttle_key(username)).first()
    return bool(throttle and throttle.locked_until and throttle.locked_until > clock.now())


@transaction.atomic
def login_failed(*, username: str) -> None:
    """Count a failed login for this user name; lock the name after too many in the window."""
    now = clock.now()
    window = dt.timedelta(seconds=settings.EENLOKET_LOGIN_WINDOW_SECONDS)
    throttle, _created = LoginThrottle.objects.select_for_update().get_or_create(
        name_digest=_throttle_key(username), defaults={"window_started_at": now}
    )
    if now - throttle.window_started_at > window:
        throttle.failures = 0
        throttle.window_started_at = now
        throttle.locked_until = None
    throttle.failures += 1
    if throttle.failures >= settings.EENLOKET_LOGIN_MAX_FAILURES:
        throttle.locked_until = now + window
    throttle.save()


@transaction.atomic
def login_succeeded(*, username: str) -> None:
    """Forget earlier failures for this user name."""
    LoginThrottle.objects.filter(name_digest=_throttle_key(username)).delete()


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
