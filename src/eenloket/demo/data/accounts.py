"""The demo's organisations and worker accounts (one password for all), and how they are
printed after loading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eenloket.accounts.models import Role
from eenloket.directory.models import Organisation

DEMO_PASSWORD = (
    "eenloket-demo"  # printed by `eenloket demo`; demo accounts never work in production
)
MARKER_ORGANISATION = "Gemeente Utrecht"
DEMO_BSN_SEED = 6  # the demo's BSNs are the same every time it is loaded


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    memberships: tuple[tuple[str, str | None, str], ...]  # (organisation, team, role)


# Every team works for one purpose (directory/purposes.py): the boundary of what it sees of a
# case is its task and legal ground, not its organisation (decision 0039). The municipality is
# one organisation with the loket, debt help, Participatiewet income, the Wmo and aftercare
# for ex-detainees; the justice chain (Reclassering, DJI) is there for the detention life event.
ORGANISATIONS = {
    "Gemeente Utrecht": (
        Organisation.Kind.MUNICIPALITY,
        [
            ("Informatiepunt Bibliotheek", "intake"),
            ("Schuldhulpverlening", "debt_help"),
            ("Werk en Inkomen", "income_support"),
            ("Wmo-consulenten", "wmo"),
            ("Nazorg ex-gedetineerden", "aftercare"),
        ],
    ),
    "UWV": (Organisation.Kind.NATIONAL_AGENCY, [("Directe lijn WW", "unemployment_benefit")]),
    "Sociale Verzekeringsbank (SVB)": (
        Organisation.Kind.NATIONAL_AGENCY,
        [("Directe lijn kinderbijslag", "child_benefit")],
    ),
    "CJIB": (Organisation.Kind.NATIONAL_AGENCY, [("Betalingsregelingen", "fine_collection")]),
    "Mitros": (Organisation.Kind.HOUSING, [("Klantcontact woningzoekenden", "social_housing")]),
    "Belastingdienst": (
        Organisation.Kind.NATIONAL_AGENCY,
        [("Invordering ondernemers", "tax_collection"), ("Toeslagen", "allowances")],
    ),
    # Many municipalities leave the Bbz to a regional bureau; this one is invented.
    "Bbz-loket regio Utrecht (demo)": (
        Organisation.Kind.MUNICIPALITY,
        [("Bbz-consulenten", "self_employed_support")],
    ),
    "Zorgverzekeraar Utrecht (demo)": (
        Organisation.Kind.OTHER,
        [("Betalingsachterstanden premie", "health_insurance")],
    ),
    "Reclassering Nederland": (
        Organisation.Kind.CARE_AND_WELFARE,
        [("Reclassering regio Utrecht", "probation")],
    ),
    "Dienst Justitiële Inrichtingen (DJI)": (
        Organisation.Kind.NATIONAL_AGENCY,
        [("Casemanagers PI Utrecht", "custodial")],
    ),
}

ACCOUNTS = (
    DemoAccount(
        "fatima",
        "Fatima Demir (demo)",
        (("Gemeente Utrecht", "Informatiepunt Bibliotheek", Role.FRONTLINE_WORKER),),
    ),
    DemoAccount("joost", "Joost Visser (demo)", (("UWV", "Directe lijn WW", Role.PARTNER_WORKER),)),
    DemoAccount(
        "ingrid",
        "Ingrid Bos (demo)",
        (
            ("Gemeente Utrecht", "Informatiepunt Bibliotheek", Role.COORDINATOR),
            ("Gemeente Utrecht", "Schuldhulpverlening", Role.COORDINATOR),
        ),
    ),
    DemoAccount(
        "mirjam",
        "Mirjam de Boer (demo)",
        (("Mitros", "Klantcontact woningzoekenden", Role.PARTNER_WORKER),),
    ),
    DemoAccount(
        "bas",
        "Bas Kramer (demo)",
        (("Bbz-loket regio Utrecht (demo)", "Bbz-consulenten", Role.PARTNER_WORKER),),
    ),
    DemoAccount(
        "lotte",
        "Lotte Smit (demo)",
        (("Belastingdienst", "Invordering ondernemers", Role.COORDINATOR),),
    ),
    DemoAccount(
        "beheer", "Bram Mulder (demo)", (("Gemeente Utrecht", None, Role.APPLICATION_MANAGER),)
    ),
    DemoAccount(
        "privacy", "Priya Ramdin (demo)", (("Gemeente Utrecht", None, Role.PRIVACY_OFFICER),)
    ),
    DemoAccount(
        "programma",
        "Pim de Wit (demo)",
        (("Gemeente Utrecht", None, Role.PROGRAMME_STAFF),),
    ),
)


def _years_ago(today: dt.date, years: int, extra_days: int) -> dt.date:
    try:
        anniversary = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        anniversary = today.replace(year=today.year - years, day=28)
    return anniversary - dt.timedelta(days=extra_days)


def describe_accounts() -> str:
    lines = [f"Demo accounts (password for all: {DEMO_PASSWORD}):"]
    for account in ACCOUNTS:
        roles = "; ".join(
            f"{role.label} — {org}{', ' + team if team else ''}"
            for org, team, role in account.memberships
        )
        lines.append(f"  {account.username:<8} {account.display_name:<22} {roles}")
    return "\n".join(lines)
