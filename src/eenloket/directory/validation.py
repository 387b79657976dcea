"""Field rules of the directory, shared by the services (one error at a time) and the import
(every error of every row): one place that says what a valid value is."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from eenloket.core.errors import DomainError

_url = URLValidator(schemes=["https", "http"])
_email = EmailValidator()
TIME_PATTERN = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Rule:
    """How to clean one field. ``kind`` is text, int, bool, date, time, url, email, choice,
    byday, keys (a list of keys), code (a CBS municipality code), slug, oin, phone or postcode."""

    kind: str = "text"
    required: bool = False
    max_length: int | None = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    label: str = ""


def _text(value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str | int | float):
        raise DomainError(_("This must be text."))
    return str(value).strip()


def clean_value(name: str, rule: Rule, value: Any) -> Any:
    """Return the cleaned value of one field, or raise DomainError saying what is wrong."""
    label = rule.label or name
    if rule.kind == "bool":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"true", "yes", "ja", "1"}:
            return True
        if value in (None, "") or (
            isinstance(value, str) and value.strip().lower() in {"false", "no", "nee", "0"}
        ):
            return False
        raise DomainError(_("%(field)s must be yes or no.") % {"field": label}, field=name)
    if rule.kind == "keys":
        if value in (None, ""):
            value = []
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise DomainError(_("%(field)s must be a list of keys.") % {"field": label}, field=name)
        return [v.strip() for v in value]
    text = _text(value) if not isinstance(value, bool) else None
    if text is None:
        raise DomainError(_("%(field)s has a value of the wrong type.") % {"field": label})
    if not text:
        if rule.required:
            raise DomainError(_("%(field)s is required.") % {"field": label}, field=name)
        return None if rule.kind in {"int", "date", "time"} else ""
    if rule.max_length and len(text) > rule.max_length:
        raise DomainError(
            _("%(field)s is longer than %(max)s characters.")
            % {"field": label, "max": rule.max_length},
            field=name,
        )
    if rule.kind == "int":
        if not re.fullmatch(r"-?\d+", text):
            raise DomainError(_("%(field)s must be a whole number.") % {"field": label}, field=name)
        number = int(text)
        if (rule.minimum is not None and number < rule.minimum) or (
            rule.maximum is not None and number > rule.maximum
        ):
            raise DomainError(
                _("%(field)s must be between %(min)s and %(max)s.")
                % {"field": label, "min": rule.minimum, "max": rule.maximum},
                field=name,
            )
        return number
    if rule.kind == "date":
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise DomainError(
                _("%(field)s must be a date as YYYY-MM-DD.") % {"field": label}, field=name
            ) from None
    if rule.kind == "time":
        if not TIME_PATTERN.match(text[:5]) or len(text) not in (5, 8):
            raise DomainError(
                _("%(field)s must be a time as HH:MM.") % {"field": label}, field=name
            )
        return dt.time.fromisoformat(text[:5])
    if rule.kind == "url":
        try:
            _url(text)
        except ValidationError:
            raise DomainError(
                _("%(field)s must be a web address starting with https://.") % {"field": label},
                field=name,
            ) from None
        return text
    if rule.kind == "email":
        try:
            _email(text)
        except ValidationError:
            raise DomainError(
                _("%(field)s must be an e-mail address.") % {"field": label}, field=name
            ) from None
        return text.lower()
    if rule.kind == "choice":
        if text not in rule.choices:
            raise DomainError(
                _("%(field)s must be one of: %(choices)s.")
                % {"field": label, "choices": ", ".join(rule.choices)},
                field=name,
            )
        return text
    if rule.kind == "byday":
        days = [d.strip().upper() for d in text.split(",") if d.strip()]
        if not days or any(d not in DAYS for d in days):
            raise DomainError(
                _("%(field)s must be days like MO,TU,WE (MO TU WE TH FR SA SU).")
                % {"field": label},
                field=name,
            )
        return ",".join(days)
    if rule.kind == "code":
        if not re.fullmatch(r"\d{4}", text):
            raise DomainError(
                _("%(field)s must be a municipality code of 4 digits.") % {"field": label},
                field=name,
            )
        return text
    if rule.kind == "oin":
        if not re.fullmatch(r"\d{20}", text):
            raise DomainError(_("An OIN has exactly 20 digits."), field=name)
        return text
    if rule.kind == "phone":
        digits = re.sub(r"\D", "", text)
        if not re.fullmatch(r"\+?[\d\s\-()]+", text) or not 3 <= len(digits) <= 15:
            raise DomainError(
                _("%(field)s must be a phone number (digits, spaces, + and - only).")
                % {"field": label},
                field=name,
            )
        return text
    if rule.kind == "postcode":
        compact = text.replace(" ", "").upper()
        if not re.fullmatch(r"[1-9]\d{3}[A-Z]{2}", compact):
            raise DomainError(
                _("%(field)s must be a Dutch postcode such as 3511 AB.") % {"field": label},
                field=name,
            )
        return f"{compact[:4]} {compact[4:]}"
    if rule.kind == "slug":
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", text):
            raise DomainError(
                _("%(field)s may hold only small letters, digits and hyphens.") % {"field": label},
                field=name,
            )
        return text
    return text


def clean(
    rules: Mapping[str, Rule], data: Mapping[str, Any], *, partial: bool = False
) -> tuple[dict[str, Any], list[DomainError]]:
    """Clean every field in ``data``; return the clean values and every error found.

    Unknown fields are an error. With ``partial`` (an update) missing required fields are fine.
    """
    cleaned: dict[str, Any] = {}
    errors: list[DomainError] = []
    for name in data:
        if name not in rules:
            errors.append(DomainError(_("Unknown field: %s") % name, field=name))
    for name, rule in rules.items():
        if name not in data:
            if rule.required and not partial:
                errors.append(
                    DomainError(
                        _("%(field)s is required.") % {"field": rule.label or name}, field=name
                    )
                )
            continue
        try:
            cleaned[name] = clean_value(name, rule, data[name])
        except DomainError as error:
            errors.append(error)
    return cleaned, errors


def clean_or_raise(
    rules: Mapping[str, Rule], data: Mapping[str, Any], *, partial: bool = False
) -> dict[str, Any]:
    cleaned, errors = clean(rules, data, partial=partial)
    if errors:
        raise errors[0]
    return cleaned
