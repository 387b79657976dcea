"""The roster file (decision 0048): workers and their memberships as CSV, UTF-8, with Dutch
headers, read whole before anything changes and written back the same way for review.

Columns (docs/workers.md), one membership per row; a worker with two memberships has two rows:

    gebruikersnaam, naam, e-mail, organisatie, team, rol, vanaf, tot

- ``organisatie`` and ``team`` are names as they are in the loket (the team may be empty for
  roles without case work); ``rol`` is one of ``ROLES`` (Dutch word or the code);
- ``vanaf`` and ``tot`` are dates (2027-01-31 or 31-01-2027), both may be empty.

A new user name is invited by e-mail (a single-use link); a known one gets the membership.
Every refusal names its row (the header is row 1) and column; if there is one, nothing changes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.accounts import services as accounts
from eenloket.accounts.models import Membership, Role, User
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory.models import Organisation, Team
from eenloket.setup import services

HEADERS = ("gebruikersnaam", "naam", "e-mail", "organisatie", "team", "rol", "vanaf", "tot")
ROLES = {
    "frontoffice": Role.FRONTLINE_WORKER,
    "partner": Role.PARTNER_WORKER,
    "coordinator": Role.COORDINATOR,
    "applicatiebeheerder": Role.APPLICATION_MANAGER,
    "privacyfunctionaris": Role.PRIVACY_OFFICER,
    "programma": Role.PROGRAMME_STAFF,
}
ROLE_WORD = {role: word for word, role in ROLES.items()}
# Which column a service's refusal is about.
FIELD_COLUMN = {
    "username": "gebruikersnaam",
    "display_name": "naam",
    "email": "e-mail",
    "team": "team",
    "role": "rol",
    "valid_from": "vanaf",
    "valid_until": "tot",
    "organisation": "organisatie",
}
MAX_BYTES = 2_000_000


@dataclass
class Result:
    errors: list[str] = field(default_factory=list)
    invited: int = 0
    memberships: int = 0


class _Refused(Exception):
    def __init__(self, column: str, message: str):
        self.column, self.message = column, message


class _Rollback(Exception):
    pass


def _refusal(row: int, column: str, message: str) -> str:
    return _("Row %(row)s, column “%(column)s”: %(message)s") % {
        "row": row, "column": column, "message": message,
    }  # fmt: skip


def _date(value: str, column: str) -> dt.date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    raise _Refused(column, _("“%(value)s” is not a date like 31-01-2027.") % {"value": value})


def _row(record: dict[str, str], base_url: str, actor: Actor, result: Result) -> None:
    organisation = Organisation.objects.filter(name=record["organisatie"].strip()).first()
    if organisation is None:
        raise _Refused("organisatie", _("There is no organisation with this name."))
    team = None
    if record["team"].strip():
        team = Team.objects.filter(organisation=organisation, name=record["team"].strip()).first()
        if team is None:
            raise _Refused("team", _("This organisation has no team with this name."))
    word = record["rol"].strip().lower()
    role = ROLES.get(word) or (word if word in Role.values else None)
    if role is None:
        raise _Refused(
            "rol", _("Unknown role; use one of: %(roles)s.") % {"roles": ", ".join(ROLES)}
        )
    period = {
        "valid_from": _date(record["vanaf"], "vanaf"),
        "valid_until": _date(record["tot"], "tot"),
    }
    username = record["gebruikersnaam"].strip().lower()
    try:
        user = User.objects.filter(username=username).first() if username else None
        if user is None:
            services.worker_invite(
                username=username, display_name=record["naam"], email=record["e-mail"],
                organisation=organisation, team=team, role=role, base_url=base_url,
                actor=actor, **period,
            )  # fmt: skip
            result.invited += 1
        else:
            accounts.membership_create(
                user=user, organisation=organisation, team=team, role=role, actor=actor, **period
            )
        result.memberships += 1
    except DomainError as error:
        raise _Refused(
            FIELD_COLUMN.get(error.field or "", "gebruikersnaam"), error.message
        ) from None


def _records(data: bytes, result: Result) -> list[tuple[int, dict[str, str]]]:
    if len(data) > MAX_BYTES:
        result.errors.append(_("The file is too large (at most 2 MB)."))
        return []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        result.errors.append(_("The file is not UTF-8 text. Save it as “CSV UTF-8”."))
        return []
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    missing = [name for name in HEADERS if name not in header]
    if missing:
        result.errors.append(
            _("Row 1: the columns %(missing)s are missing; the first row must be: %(headers)s.")
            % {"missing": ", ".join(missing), "headers": ",".join(HEADERS)}
        )
        return []
    records = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        values += [""] * (len(header) - len(values))
        records.append((reader.line_num, dict(zip(header, values, strict=False))))
    if not records:
        result.errors.append(_("The file has no rows below the header."))
    return records


def roster_import(data: bytes, *, base_url: str, actor: Actor) -> Result:
    """Read the whole file; invite every new worker and add every membership, or, if any row
    is refused, change nothing and return every refusal with its row and column."""
    result = Result()
    records = _records(data, result)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for row, record in records:
                try:
                    with transaction.atomic():
                        _row(record, base_url, actor, result)
                except _Refused as refused:
                    result.errors.append(_refusal(row, refused.column, refused.message))
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.invited = result.memberships = 0
    return result


def roster_export(*, actor: Actor) -> str:
    """Every worker's memberships as the import reads them (no passwords, no second factor)."""
    services._require(actor)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADERS)
    memberships = (
        Membership.objects.filter(user__is_demo=False)
        .select_related("user", "organisation", "team")
        .order_by("user__username", "organisation__name", "team__name", "role")
    )
    for m in memberships:
        writer.writerow([
            m.user.username, m.user.display_name, m.user.email, m.organisation.name,
            m.team.name if m.team else "", ROLE_WORD.get(m.role, m.role),
            m.valid_from.isoformat(), m.valid_until.isoformat() if m.valid_until else "",
        ])  # fmt: skip
    return out.getvalue()
