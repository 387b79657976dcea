"""Load a pilot's set-up from a JSON file (``eenloket pilot load FILE``, docs/workers.md):
organisations with their teams, direct lines, desks and statutory bases; workers with their
memberships; breakthrough tables. Everything goes through the same services as the screens,
as the system actor ``pilot-loader``.

The file is checked whole: every refusal is reported with the line of the object it concerns,
and when there is any, nothing is changed (one transaction, rolled back). An object that was
refused takes its children with it (a team of a refused organisation is not tried).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from dataclasses import dataclass, field
from json import decoder as json_decoder
from json import scanner as json_scanner
from typing import Any

from django.db import transaction

from eenloket.accounts import services as accounts
from eenloket.accounts.models import User
from eenloket.consent import services as consent
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError
from eenloket.directory import services as directory
from eenloket.directory.models import Organisation, Team
from eenloket.setup import hours
from eenloket.setup import services as setup
from eenloket.teamwork import services as teamwork

LINE = "__line__"
ACTOR_NAME = "pilot-loader"


class _Rollback(Exception):
    pass


@dataclass
class Result:
    errors: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    passwords: dict[str, str] = field(default_factory=dict)

    def count(self, what: str) -> None:
        self.created[what] = self.created.get(what, 0) + 1


def parse(text: str) -> Any:
    """Parse JSON, giving every object the line it starts on (as ``__line__``)."""
    decoder = json.JSONDecoder()
    plain_object = json_decoder.JSONObject

    def with_line(s_and_end, *args):
        text, end = s_and_end
        obj, after = plain_object(s_and_end, *args)
        obj[LINE] = text.count("\n", 0, end) + 1
        return obj, after

    decoder.parse_object = with_line
    decoder.scan_once = json_scanner.py_make_scanner(decoder)
    return decoder.decode(text)


def _date(value, name):
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DomainError(f"{name}: write a date as YYYY-MM-DD") from None


def _fields(item: dict, allowed: set[str]) -> dict:
    unknown = sorted(set(item) - allowed - {LINE})
    if unknown:
        raise DomainError(f"unknown field(s): {', '.join(unknown)}")
    return {key: value for key, value in item.items() if key in allowed}


def _list(item: dict, key: str) -> list:
    value = item.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict | str) for v in value):
        raise DomainError(f"{key} must be a list")
    return value


class Loader:
    def __init__(self, *, generate_passwords: bool = True):
        self.actor = Actor.system(ACTOR_NAME)
        self.result = Result()
        self.generate_passwords = generate_passwords
        # Direct lines with "seen_by", set after every organisation and team exists.
        self.seen_by: list[tuple[dict, Any]] = []

    def _try(self, item, what: str, call):
        line = item.get(LINE, "?") if isinstance(item, dict) else "?"
        try:
            with transaction.atomic():
                made = call()
        except DomainError as error:
            self.result.errors.append(f"line {line}: {what}: {error.message}")
            return None
        except hours.LinesError as error:
            for message in error.messages:
                self.result.errors.append(f"line {line}: {what}: hours: {message}")
            return None
        except (TypeError, ValueError, KeyError) as error:
            self.result.errors.append(f"line {line}: {what}: {error}")
            return None
        self.result.count(what.split(" ")[0])
        return made

    # -------------------------------------------------------------------------------- file

    def load(self, data: Any) -> Result:
        if not isinstance(data, dict):
            self.result.errors.append("line 1: the file must hold one object")
            return self.result
        unknown = sorted(set(data) - {"organisations", "workers", "tables", LINE})
        if unknown:
            self.result.errors.append(f"line 1: unknown section(s): {', '.join(unknown)}")
        try:
            with transaction.atomic():
                for item in _list(data, "organisations"):
                    self._organisation(item)
                for item, point in self.seen_by:
                    self._seen_by(item, point)
                for item in _list(data, "workers"):
                    self._worker(item)
                for item in _list(data, "tables"):
                    self._table(item)
                if self.result.errors:
                    raise _Rollback
        except _Rollback:
            self.result.created = {}
            self.result.passwords = {}
        except DomainError as error:
            self.result.errors.append(f"line 1: {error.message}")
        return self.result

    # ------------------------------------------------------------------------ organisations

    def _organisation(self, item: dict) -> None:
        allowed = {"name", "kind", "oin", "website", "email", "description", "key"}
        children = {"teams", "desks", "statutory_bases"}

        def make():
            fields = _fields({k: v for k, v in item.items() if k not in children}, allowed)
            return directory.organisation_create(actor=self.actor, **fields)

        name = item.get("name", "?")
        organisation = self._try(item, f"organisation {name}", make)
        if organisation is None:
            return
        for team in _list(item, "teams"):
            self._team(organisation, team)
        for desk in _list(item, "desks"):
            self._desk(organisation, desk)
        for basis in _list(item, "statutory_bases"):
            self._basis(organisation, basis)

    def _team(self, organisation: Organisation, item: dict) -> None:
        def make():
            fields = _fields({k: v for k, v in item.items() if k != "lines"}, {"name", "purpose"})
            return directory.team_create(organisation=organisation, actor=self.actor, **fields)

        team = self._try(item, f"team {item.get('name', '?')}", make)
        if team is not None:
            for line in _list(item, "lines"):
                self._line(team, line)

    def _line(self, team: Team, item: dict) -> None:
        allowed = {
            "name", "phone", "email", "topics", "description", "service_level_hours",
            "capacity", "expected_wait_days", "hours", "answered_by", "seen_by",
        }  # fmt: skip

        def make():
            fields = _fields(item, allowed)
            schedules = hours.parse_hours("\n".join(fields.pop("hours", [])))
            fields.pop("seen_by", None)
            answered_by = fields.pop("answered_by", "")
            coordinator = None
            if answered_by:
                coordinator = User.objects.filter(username=answered_by.strip().lower()).first()
                if coordinator is None:
                    raise DomainError(
                        f"answered_by: no worker {answered_by} (list workers before, or set "
                        "it on the screen later)"
                    )
            return directory.contact_point_create(
                team=team, coordinator=coordinator, schedules=schedules, actor=self.actor, **fields
            )

        point = self._try(item, f"line {item.get('name', '?')}", make)
        if point is not None and "seen_by" in item:
            self.seen_by.append((item, point))

    def _seen_by(self, item: dict, point) -> None:
        """Who may see the line (decision 0053): ``{"organisations": ["UWV"]}`` or
        ``{"teams": ["Gemeente Utrecht / Schuldhulp"]}``; an empty list keeps it within its
        own organisation. Names are resolved once the whole file's organisations exist."""

        def make():
            seen_by = item["seen_by"]
            if isinstance(seen_by, dict):
                seen_by = {key: value for key, value in seen_by.items() if key != LINE}
            if not isinstance(seen_by, dict) or len(seen_by) != 1:
                raise DomainError('seen_by: give {"organisations": [...]} or {"teams": [...]}')
            ((kind, names),) = seen_by.items()
            if kind not in ("organisations", "teams") or not isinstance(names, list):
                raise DomainError('seen_by: give {"organisations": [...]} or {"teams": [...]}')
            found = [self._audience(kind, str(name)) for name in names]
            return directory.contact_point_set_visibility(
                contact_point=point, visibility=kind, actor=self.actor, **{kind: found}
            )

        self._try(item, f"seen_by {item.get('name', '?')}", make)

    @staticmethod
    def _audience(kind: str, name: str):
        if kind == "organisations":
            organisation = Organisation.objects.filter(name=name.strip()).first()
            if organisation is None:
                raise DomainError(f"seen_by: no organisation {name}")
            return organisation
        organisation_name, _slash, team_name = name.rpartition("/")
        team = Team.objects.filter(
            organisation__name=organisation_name.strip(), name=team_name.strip()
        ).first()
        if team is None:
            raise DomainError(f"seen_by: no team {name} (write “Organisation / Team”)")
        return team

    def _desk(self, organisation: Organisation, item: dict) -> None:
        allowed = {"name", "address", "hours", "appointments"}

        def make():
            fields = _fields(item, allowed)
            appointments = fields.get("appointments") or {}
            appointments = _fields(
                appointments, {"slot_minutes", "capacity", "horizon_days", "closing_days"}
            )
            closing = hours.parse_days("\n".join(appointments.pop("closing_days", [])))
            address = _fields(
                fields.get("address") or {}, {"address_1", "postal_code", "city", "state_province"}
            )
            return setup.desk_save(
                organisation=organisation,
                name=fields.get("name", ""),
                address=address,
                schedules=hours.parse_hours("\n".join(fields.get("hours", []))),
                takes_appointments=bool(item.get("appointments")),
                closing_days=closing,
                actor=self.actor,
                **appointments,
            )

        self._try(item, f"desk {item.get('name', '?')}", make)

    def _basis(self, organisation: Organisation, item: dict) -> None:
        allowed = {
            "categories", "purpose", "legal_reference", "source_url", "valid_from", "valid_until",
            "team_purpose", "confirmed_by", "confirmed_on",
        }  # fmt: skip

        def make():
            fields = _fields(item, allowed)
            start = _date(fields.pop("valid_from", None), "valid_from")
            if start is None:
                raise DomainError("valid_from: give the date the basis applies from")
            return consent.statutory_basis_add(
                recipient=organisation,
                valid_from=start,
                valid_until=_date(fields.pop("valid_until", None), "valid_until"),
                confirmed_on=_date(fields.pop("confirmed_on", None), "confirmed_on"),
                actor=self.actor,
                **fields,
            )

        self._try(item, f"statutory basis {item.get('legal_reference', '?')}", make)

    # ----------------------------------------------------------------------------- workers

    def _membership(self, user: User, item: dict) -> None:
        def make():
            fields = _fields(item, {"organisation", "team", "role", "valid_from", "valid_until"})
            organisation = Organisation.objects.filter(name=fields.get("organisation")).first()
            if organisation is None:
                raise DomainError(f"organisation: no organisation {fields.get('organisation')}")
            team = None
            if fields.get("team"):
                team = Team.objects.filter(organisation=organisation, name=fields["team"]).first()
                if team is None:
                    raise DomainError(f"team: {organisation.name} has no team {fields['team']}")
            return accounts.membership_create(
                user=user,
                organisation=organisation,
                team=team,
                role=fields.get("role", ""),
                valid_from=_date(fields.get("valid_from"), "valid_from"),
                valid_until=_date(fields.get("valid_until"), "valid_until"),
                actor=self.actor,
            )

        self._try(item, f"membership {item.get('role', '?')}", make)

    def _worker(self, item: dict) -> None:
        allowed = {"username", "display_name", "email"}

        def make():
            fields = _fields({k: v for k, v in item.items() if k != "memberships"}, allowed)
            password = secrets.token_urlsafe(18)
            user = accounts.worker_create(password=password, actor=self.actor, **fields)
            self.result.passwords[user.username] = password
            return user

        user = self._try(item, f"worker {item.get('username', '?')}", make)
        if user is not None:
            for membership in _list(item, "memberships"):
                self._membership(user, membership)

    def _table(self, item: dict) -> None:
        def make():
            fields = _fields(item, {"name", "members"})
            names = [str(n).strip().lower() for n in fields.get("members", [])]
            members = list(User.objects.filter(username__in=names))
            missing = sorted(set(names) - {m.username for m in members})
            if missing:
                raise DomainError(f"members: no worker(s) {', '.join(missing)}")
            return teamwork.table_create(
                name=fields.get("name", ""), members=members, actor=self.actor
            )

        self._try(item, f"table {item.get('name', '?')}", make)


def load_text(text: str) -> Result:
    """Load a pilot's set-up from JSON text; see the module's docstring."""
    try:
        data = parse(text)
    except json.JSONDecodeError as error:
        return Result(errors=[f"line {error.lineno}: not valid JSON: {error.msg}"])
    return Loader().load(data)
