"""Life events and needs a case is about, as vocabulary keys.

To be linked to directory.LifeEvent and directory.Need when the directory issue (#5) lands:
then these keys become the slugs of those rows and this constant becomes a check against them.
Until then the keys are validated here, so a case never holds a word nobody defined.
"""

from django.utils.translation import gettext_lazy as _

LIFE_EVENTS = {
    "job_loss": _("Job loss"),
    "debts": _("Debts"),
    "death_of_partner": _("Death of a partner"),
    "divorce": _("Divorce or separation"),
    "turning_18": _("Turning 18"),
    "leaving_detention": _("Leaving detention"),
    "illness": _("Long-term illness"),
    "business_in_trouble": _("Business in trouble"),
    "moving_house": _("Moving house"),
    "birth_of_child": _("Birth of a child"),
    "homelessness": _("Homelessness"),
}

NEEDS = {
    "income": _("Income (benefit, allowance)"),
    "debt_help": _("Help with debts"),
    "understand_letters": _("Understanding letters"),
    "housing": _("Housing"),
    "care": _("Care and support"),
    "work": _("Finding work"),
    "digital_help": _("Help with DigiD and online forms"),
    "legal_help": _("Legal help"),
}


def life_event_label(key: str) -> str:
    return str(LIFE_EVENTS.get(key, key))


def need_label(key: str) -> str:
    return str(NEEDS.get(key, key))
