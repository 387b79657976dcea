"""What the rules read: the latest structured fact per key, and the person's age."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from eenloket.cases.fact_keys import FACT_KEYS


@dataclass(frozen=True)
class Known:
    amount: Decimal
    as_of: dt.date
    source: str


@dataclass
class Situation:
    on: dt.date
    facts: dict[str, Known] = field(default_factory=dict)
    birth_date: dt.date | None = None

    @classmethod
    def from_facts(cls, facts, *, on: dt.date, birth_date: dt.date | None = None) -> Situation:
        """The newest fact per key wins (by its date, then by when it was recorded); a fact
        dated after ``on`` does not count yet."""
        latest: dict[str, object] = {}
        for fact in facts:
            if fact.key not in FACT_KEYS or fact.amount is None or fact.as_of > on:
                continue
            known = latest.get(fact.key)
            if known is None or (fact.as_of, fact.created_at) > (known.as_of, known.created_at):
                latest[fact.key] = fact
        return cls(
            on=on,
            facts={k: Known(f.amount, f.as_of, f.source) for k, f in latest.items()},
            birth_date=birth_date,
        )

    def amount(self, key: str) -> Decimal | None:
        known = self.facts.get(key)
        return known.amount if known else None

    def yes(self, key: str) -> bool | None:
        amount = self.amount(key)
        return None if amount is None else bool(amount)

    @property
    def age(self) -> int | None:
        if self.birth_date is None:
            return None
        born, on = self.birth_date, self.on
        return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
