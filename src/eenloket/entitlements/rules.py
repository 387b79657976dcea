"""Rules that spot what a person may be entitled to but has not claimed (docs/entitlements.md).

A rule never decides. It compares the facts in the dossier with the published criteria of the
year the check is about, and says one of: "may be entitled — check this", "does not seem to
qualify", or "cannot tell yet — these facts are missing". The organisation decides, on its own
calculation; the worker helps the citizen to apply or to check on the organisation's site.

Each criterion is a ``Check`` that is met (True), not met (False) or unknown (None, a fact is
missing). Any check not met: no signal. All met: a signal. Otherwise: what to record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eenloket.cases.fact_keys import FACT_KEYS
from eenloket.entitlements.criteria import Criteria, criteria_for
from eenloket.entitlements.situation import Situation

# Needs that are not structured facts but details of the person.
OTHER_NEEDS = {"person.birth_date": gettext_lazy("Date of birth (in the person's details)")}

MAY_QUALIFY = "may_qualify"
DOES_NOT_QUALIFY = "does_not_qualify"
UNKNOWN = "unknown"
ALREADY_RECEIVES = "already_receives"
APPLIED = "applied"
NO_CRITERIA = "no_criteria"


@dataclass(frozen=True)
class Check:
    text: str
    met: bool | None
    needs: tuple[str, ...] = ()  # fact keys that would settle an unknown check


@dataclass
class Finding:
    rule: Rule
    outcome: str
    criteria: Criteria | None
    checks: list[Check] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        """What to record to settle the unknown checks, in words."""
        keys = dict.fromkeys(k for c in self.checks if c.met is None for k in c.needs)
        return [str(FACT_KEYS[k].label) if k in FACT_KEYS else str(OTHER_NEEDS[k]) for k in keys]


@dataclass(frozen=True)
class Rule:
    scheme: str  # the scheme's key in the directory
    name: object  # lazy text
    receives_key: str  # the fact that says the person already gets it
    checks: Callable[[Situation, Criteria], list[Check]]

    def evaluate(self, situation: Situation, applied: bool = False) -> Finding:
        if situation.yes(self.receives_key):
            return Finding(self, ALREADY_RECEIVES, None)
        criteria = criteria_for(self.scheme, situation.on)
        if criteria is None:
            # Never apply last year's figures to this year: say they are missing instead.
            return Finding(self, NO_CRITERIA, None)
        checks = self.checks(situation, criteria)
        if any(c.met is False for c in checks):
            outcome = DOES_NOT_QUALIFY
        elif all(c.met for c in checks):
            outcome = APPLIED if applied else MAY_QUALIFY
        else:
            outcome = UNKNOWN
        return Finding(self, outcome, criteria, checks)


def euro(amount: Decimal) -> str:
    return "€ " + number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)


def at_most(value: Decimal | None, limit: Decimal) -> bool | None:
    return None if value is None else value <= limit


def at_least(value, minimum) -> bool | None:
    return None if value is None else value >= minimum


def _by_partner(situation: Situation, criteria: Criteria, key: str, single: str, partner: str):
    """Compare a household amount with the limit for one person or for partners. Without the
    partner fact the answer is still known when the amount is under both or over both."""
    amount = situation.amount(key)
    has_partner = situation.yes("household.partner")
    low, high = sorted((criteria.limits[single], criteria.limits[partner]))
    if has_partner is None:
        limit = None
        met = (
            None
            if amount is None
            else (True if amount <= low else False if amount > high else None)
        )
    else:
        limit = criteria.limits[partner if has_partner else single]
        met = at_most(amount, limit)
    return amount, limit, met


def _household_limit(situation, criteria, key, single, partner, text) -> Check:
    _amount, limit, met = _by_partner(situation, criteria, key, single, partner)
    if limit is None:
        shown = _("%(single)s alone, %(partner)s with a partner") % {
            "single": euro(criteria.limits[single]),
            "partner": euro(criteria.limits[partner]),
        }
    else:
        shown = euro(limit)
    needs = (key,) if situation.amount(key) is None else ("household.partner",)
    return Check(text % {"limit": shown}, met, needs)


def _adult(situation: Situation) -> Check:
    return Check(_("18 years or older"), at_least(situation.age, 18), ("person.birth_date",))


def _zorgtoeslag(situation: Situation, criteria: Criteria) -> list[Check]:
    return [
        _adult(situation),
        _household_limit(
            situation,
            criteria,
            "income.yearly",
            "income_single",
            "income_partner",
            _("Yearly income at most %(limit)s"),
        ),
        _household_limit(
            situation,
            criteria,
            "income.assets",
            "assets_single",
            "assets_partner",
            _("Assets at most %(limit)s"),
        ),
    ]


def _huurtoeslag(situation: Situation, criteria: Criteria) -> list[Check]:
    # From 2026 neither the rent nor the income has a fixed limit (the allowance phases out as
    # income rises, and rent above the counted maximum simply does not count): only age, a
    # self-contained home and the assets decide whether to look further.
    return [
        _adult(situation),
        Check(
            _("Rents a self-contained home"),
            situation.yes("housing.self_contained"),
            ("housing.self_contained",),
        ),
        Check(
            _("Pays rent"),
            None
            if situation.amount("housing.rent") is None
            else situation.amount("housing.rent") > 0,
            ("housing.rent",),
        ),
        _household_limit(
            situation,
            criteria,
            "income.assets",
            "assets_single",
            "assets_partner",
            _("Assets at most %(limit)s"),
        ),
    ]


def _children(situation: Situation) -> Check:
    children = situation.amount("household.children_under_18")
    return Check(
        _("At least one child under 18 at home"),
        None if children is None else children >= 1,
        ("household.children_under_18",),
    )


def _kinderbijslag(situation: Situation, criteria: Criteria) -> list[Check]:
    return [_children(situation)]


def _kindgebonden_budget(situation: Situation, criteria: Criteria) -> list[Check]:
    return [
        _children(situation),
        Check(
            _("Receives child benefit for the child"),
            situation.yes("income.gets_kinderbijslag"),
            ("income.gets_kinderbijslag",),
        ),
        _household_limit(
            situation,
            criteria,
            "income.assets",
            "assets_single",
            "assets_partner",
            _("Assets at most %(limit)s"),
        ),
    ]


RULES: tuple[Rule, ...] = (
    Rule("huurtoeslag", gettext_lazy("Rent allowance"), "income.gets_huurtoeslag", _huurtoeslag),
    Rule(
        "zorgtoeslag", gettext_lazy("Healthcare allowance"), "income.gets_zorgtoeslag", _zorgtoeslag
    ),
    Rule(
        "kinderbijslag", gettext_lazy("Child benefit"), "income.gets_kinderbijslag", _kinderbijslag
    ),
    Rule(
        "kindgebonden-budget",
        gettext_lazy("Child budget (kindgebonden budget)"),
        "income.gets_kindgebonden_budget",
        _kindgebonden_budget,
    ),
)


def evaluate_all(situation: Situation, applied_schemes: set[str] = frozenset()) -> list[Finding]:
    return [rule.evaluate(situation, rule.scheme in applied_schemes) for rule in RULES]
