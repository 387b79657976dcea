"""Structured facts: the few facts rules can read (docs/entitlements.md).

Most facts are free text ("CJIB reference: …"). A fact with a key also carries an amount, so a
rule can compare it with the criteria of a scheme. The key fixes the data category, so the
policy point treats a structured fact exactly like any other fact of that category.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MONEY, COUNT, YES_NO = "money", "count", "yes_no"


@dataclass(frozen=True)
class FactKey:
    key: str
    category: str
    label: Promise
    kind: str
    help: Promise | str = ""

    @property
    def maximum(self) -> Decimal:
        return {MONEY: Decimal("10000000"), COUNT: Decimal("20"), YES_NO: Decimal("1")}[self.kind]

    def describe(self, amount: Decimal) -> str:
        """The fact in words, for the dossier's list of facts."""
        if self.kind == YES_NO:
            return _("yes") if amount else _("no")
        if self.kind == COUNT:
            return str(int(amount))
        return "€ " + number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)


_KEYS = (
    FactKey(
        "household.partner",
        "household",
        gettext_lazy("Lives together with a partner (allowance partner)"),
        YES_NO,
        gettext_lazy("Married, registered partner, or living together and sharing a home."),
    ),
    FactKey(
        "household.children_under_18",
        "household",
        gettext_lazy("Children under 18 in the household"),
        COUNT,
    ),
    FactKey(
        "income.yearly",
        "income",
        gettext_lazy("Yearly income of the household (both partners)"),
        MONEY,
        gettext_lazy("The expected income this year before tax (the “toetsingsinkomen”)."),
    ),
    FactKey(
        "income.assets",
        "income",
        gettext_lazy("Assets on 1 January (both partners)"),
        MONEY,
        gettext_lazy("Savings, investments and other assets, minus debts."),
    ),
    FactKey(
        "housing.rent",
        "housing",
        gettext_lazy("Basic rent per month"),
        MONEY,
        gettext_lazy("The rent without service costs (“kale huur”)."),
    ),
    FactKey(
        "housing.self_contained",
        "housing",
        gettext_lazy("Rents a self-contained home (own front door, kitchen and toilet)"),
        YES_NO,
    ),
    FactKey("income.gets_huurtoeslag", "income", gettext_lazy("Receives rent allowance"), YES_NO),
    FactKey(
        "income.gets_zorgtoeslag", "income", gettext_lazy("Receives healthcare allowance"), YES_NO
    ),
    FactKey(
        "income.gets_kindgebonden_budget",
        "income",
        gettext_lazy("Receives the child budget (kindgebonden budget)"),
        YES_NO,
    ),
    FactKey("income.gets_kinderbijslag", "income", gettext_lazy("Receives child benefit"), YES_NO),
)

FACT_KEYS: dict[str, FactKey] = {k.key: k for k in _KEYS}
