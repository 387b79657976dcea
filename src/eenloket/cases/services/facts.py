"""Writes for facts in the dossier: dated, sourced, each in one data category."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from eenloket.audit import processing
from eenloket.cases.fact_keys import FACT_KEYS, MONEY
from eenloket.cases.models import Case, Fact
from eenloket.cases.services._common import _check_text, _team_id, _user
from eenloket.consent.categories import CATEGORIES
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import DomainError

# Facts describe the person's situation; notes, documents and the log have their own place.
FACT_CATEGORIES = ("contact", "household", "income", "debts", "housing", "health", "justice")


@transaction.atomic
def fact_record(
    *,
    case: Case,
    category: str,
    label: str,
    value: str,
    as_of: dt.date,
    source: str,
    actor: Actor,
    key: str = "",
    amount: Decimal | None = None,
) -> Fact:
    """Record a fact with its category, date and source (who or what says so). A structured
    fact (``key``, cases/fact_keys.py) takes its category from the key and needs an amount;
    its value in words is written from the amount when none is given."""
    if key:
        category, value, amount = _structured(key, category, value, amount)
        label = label.strip() or str(FACT_KEYS[key].label)
    if category not in FACT_CATEGORIES or category not in CATEGORIES:
        raise DomainError(_("Choose the kind of fact."), field="category")
    _check_text(label=label, value=value, source=source)
    for field, text, message in (
        ("label", label, _("Say what the fact is about.")),
        ("value", value, _("Write the fact down.")),
        ("source", source, _("Say where the fact comes from (a letter, the citizen, …).")),
    ):
        if not text.strip():
            raise DomainError(message, field=field)
    if as_of is None:
        raise DomainError(_("Give the date the fact applies to."), field="as_of")
    if as_of > clock.today():
        raise DomainError(_("The date lies in the future."), field="as_of")
    fact = Fact.objects.create(
        case=case,
        category=category,
        label=label.strip()[:200],
        value=value.strip()[:500],
        key=key,
        amount=amount,
        as_of=as_of,
        source=source.strip()[:300],
        recorded_by=_user(actor),
        team_id=_team_id(actor),
    )
    processing.record_change(
        actor=actor,
        action="fact_record",
        object_type="case",
        object_id=case.pk,
        changes={"fact": str(fact.pk), "category": category, "key": key},
    )
    return fact


def _structured(key: str, category: str, value: str, amount) -> tuple[str, str, Decimal]:
    fact_key = FACT_KEYS.get(key)
    if fact_key is None:
        raise DomainError(_("This kind of fact is unknown."), field="key")
    if category and category != fact_key.category:
        raise DomainError(
            _("This fact belongs to the category “%(category)s”.")
            % {"category": CATEGORIES[fact_key.category].label},
            field="category",
        )
    if amount is None or amount == "":
        raise DomainError(_("Give the amount or number."), field="amount")
    try:
        amount = _decimal(amount)
    except InvalidOperation:
        raise DomainError(_("Give the amount as a number, like 1250,50."), field="amount") from None
    if fact_key.kind != MONEY and amount != amount.to_integral_value():
        raise DomainError(_("Give a whole number."), field="amount")
    if not Decimal(0) <= amount <= fact_key.maximum:
        raise DomainError(
            _("Give a number from 0 to %(maximum)s.") % {"maximum": fact_key.maximum},
            field="amount",
        )
    return fact_key.category, value.strip() or fact_key.describe(amount), amount


def _decimal(amount) -> Decimal:
    """Read an amount as a worker types it: "1250", "1.250,50", "€ 1250,50", "1250.5"."""
    text = str(amount).replace("€", "").replace(" ", "").replace("\u00a0", "")
    # In Dutch the comma is the decimal sign and a dot groups thousands ("1.250" is 1250).
    if "," in text or re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "").replace(",", ".")
    value = Decimal(text)
    if not value.is_finite():
        raise InvalidOperation
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def structured_facts_record(
    *, case: Case, values: dict[str, object], current: dict[str, Decimal], as_of, source, actor
) -> int:
    """Record several structured facts at once (the entitlement check's form): only those
    given and different from ``current`` (the dossier's latest amount per key), all or none.
    An error names the key of the value it is about. Returns the number recorded."""
    recorded = 0
    for key, raw in values.items():
        if raw is None or str(raw).strip() == "":
            continue
        try:
            amount = _decimal(raw)
        except InvalidOperation:
            raise DomainError(_("Give the amount as a number, like 1250,50."), field=key) from None
        if current.get(key) == amount:
            continue
        try:
            fact_record(
                case=case,
                category="",
                label="",
                value="",
                key=key,
                amount=amount,
                as_of=as_of,
                source=source,
                actor=actor,
            )
        except DomainError as error:
            raise DomainError(
                error.message, field=key if error.field in ("amount", "key") else error.field
            ) from None
        recorded += 1
    return recorded
