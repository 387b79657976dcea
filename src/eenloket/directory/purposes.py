"""The purposes a team works for: a task from the register of processing activities, with its
legal ground and the data categories that task needs (docs/privacy.md, decision 0039).

A team's purpose, not its organisation, is the boundary of what it sees of a case. The team
that owns a case sees the categories of its own purpose (its statutory task); every other team,
of the same organisation or not, sees the name, what a statutory basis for its purpose covers,
and what the citizen consented to share with that team (or, for older consents, its whole
organisation). A municipality is one controller with many purposes: the loket, debt help,
Participatiewet income and the Wmo each have their own law, and "the same organisation" is no
legal basis for passing data between them (AVG art. 5(1)(b), 6(4)).

Category keys are those of ``consent/categories.py`` (kept as plain strings here: the directory
does not import the consent app).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from eenloket.core import legal_sources

EVERYTHING = (
    "name",
    "contact",
    "identity",
    "household",
    "income",
    "debts",
    "housing",
    "health",
    "justice",
    "case_notes",
    "documents",
)


@dataclass(frozen=True)
class Purpose:
    key: str
    label: object  # a lazy translation
    legal_reference: str
    categories: tuple[str, ...]


INTAKE = "intake"

_ALL = (
    # The loket takes the whole question in (no wrong door): it keeps what it took in, for
    # that purpose only. Every team made before decision 0039 had this purpose, which is what
    # its organisation saw then: never more.
    Purpose(
        INTAKE,
        _("1 Loket: taking in the whole question"),
        legal_sources.reference("pw-7", "wgs-2", "wmo-2-3-2", "awb-2-3"),
        EVERYTHING,
    ),
    Purpose(
        "debt_help",
        _("Municipal debt help"),
        legal_sources.reference("wgs-2", "wgs-3-1-b", "wgs-4a", "wgs-5"),
        (
            "name",
            "contact",
            "identity",
            "household",
            "income",
            "debts",
            "housing",
            "case_notes",
            "documents",
        ),
    ),
    Purpose(
        "income_support",
        _("Participatiewet income support"),
        "Participatiewet art. 7, 17 en 64",
        (
            "name",
            "contact",
            "identity",
            "household",
            "income",
            "debts",
            "housing",
            "case_notes",
            "documents",
        ),
    ),
    Purpose(
        "self_employed_support",
        _("Support for the self-employed (Bbz 2004)"),
        "Besluit bijstandverlening zelfstandigen 2004 art. 2; Participatiewet art. 78f",
        ("name", "contact", "identity", "household", "income", "debts", "case_notes"),
    ),
    Purpose(
        "wmo",
        _("Wmo support (care and living at home)"),
        "Wmo 2015 art. 2.3.2 en 5.1.1",
        ("name", "contact", "identity", "household", "housing", "health", "case_notes"),
    ),
    Purpose(
        "unemployment_benefit",
        _("Unemployment benefit (UWV)"),
        legal_sources.reference("ww-15", "suwi-30"),
        ("name", "contact", "identity", "income", "case_notes", "documents"),
    ),
    Purpose(
        "child_benefit",
        _("Child benefit (SVB)"),
        legal_sources.reference("akw-7", "suwi-34"),
        ("name", "contact", "identity", "household", "case_notes"),
    ),
    Purpose(
        "allowances",
        _("Allowances (Dienst Toeslagen)"),
        legal_sources.reference("awir-1-39"),
        ("name", "contact", "identity", "household", "income", "housing", "case_notes"),
    ),
    Purpose(
        "tax_collection",
        _("Tax collection (Belastingdienst)"),
        legal_sources.reference("iw-2-25"),
        ("name", "contact", "identity", "income", "debts", "case_notes"),
    ),
    Purpose(
        "fine_collection",
        _("Collection of fines (CJIB)"),
        legal_sources.reference("wahv-26", "sv-561"),
        ("name", "contact", "identity", "debts", "justice", "case_notes"),
    ),
    Purpose(
        "social_housing",
        _("Social housing (housing corporation)"),
        "Woningwet art. 46 en 48",
        ("name", "contact", "household", "income", "housing", "case_notes"),
    ),
    Purpose(
        "health_insurance",
        _("Health insurance and premium arrears"),
        legal_sources.reference("zvw-18a-18g"),
        ("name", "contact", "identity", "debts", "case_notes"),
    ),
    Purpose(
        "probation",
        _("Probation (Reclassering)"),
        "Reclasseringsregeling 1995 art. 9 en 11",
        ("name", "contact", "identity", "household", "housing", "justice", "case_notes"),
    ),
    Purpose(
        "custodial",
        _("Custodial institutions (DJI)"),
        "Penitentiaire beginselenwet art. 2; Penitentiaire maatregel art. 3",
        ("name", "contact", "identity", "justice", "health", "case_notes"),
    ),
    Purpose(
        "aftercare",
        _("Municipal aftercare for ex-detainees"),
        "Participatiewet art. 7; Wmo 2015 art. 2.3.2; Wjsg art. 8a",
        (
            "name",
            "contact",
            "identity",
            "household",
            "income",
            "debts",
            "housing",
            "justice",
            "case_notes",
        ),
    ),
)

PURPOSES: dict[str, Purpose] = {purpose.key: purpose for purpose in _ALL}
CHOICES = [(purpose.key, purpose.label) for purpose in _ALL]


def purpose_of(key: str) -> Purpose:
    """The purpose with this key; an unknown key (a purpose removed from the register) needs
    nothing, so a team that keeps it owns nothing by its task."""
    return PURPOSES.get(key) or Purpose(key, key, "", ())
