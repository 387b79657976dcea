"""The published criteria per scheme and year, each figure with the page that states it.

Figures change every 1 January. A year without figures here gets no signal at all (the rule
says the criteria are missing) rather than last year's: see docs/entitlements.md for how to add
a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Source:
    url: str
    says: str  # what the page says, quoted, so a reviewer can find it again
    backs: tuple[str, ...] = ()  # the limits (or "conditions") this page states
    # False for a page that is not the government's own (news, advisers): the figure is used,
    # shown as "to confirm", and listed in docs/entitlements.md until an official page says it.
    official: bool = True


@dataclass(frozen=True)
class Criteria:
    scheme: str
    year: int
    limits: dict[str, Decimal]
    sources: tuple[Source, ...]
    checked_on: dt.date


CHECKED = dt.date(2026, 11, 28)
_TOESLAGEN_2026 = (
    "https://www.overtoeslagen.nl/actueel/nieuws/2025/11/24/"
    "bedragen-huurtoeslag-en-andere-toeslagen-2026-bekend"
)

CRITERIA: tuple[Criteria, ...] = (
    Criteria(
        scheme="huurtoeslag",
        year=2026,
        limits={
            "assets_single": Decimal("38479"),
            "assets_partner": Decimal("76958"),
            "rent_counted_max": Decimal("932.93"),
        },
        sources=(
            Source(
                _TOESLAGEN_2026,
                "“In 2026 kan de huur niet meer te hoog zijn om huurtoeslag te kunnen krijgen.” "
                "“Het vermogen, zoals spaargeld, mag als alleenstaande bijvoorbeeld niet hoger "
                "zijn dan € 38.479.” “Voor iedereen van 21 jaar of ouder berekenen we in 2026 "
                "huurtoeslag tot een huur van maximaal € 932,93.”",
                backs=("conditions", "assets_single", "rent_counted_max"),
            ),
            Source(
                "https://www.metronieuws.nl/geld-carriere/toeslagen/2025/11/"
                "meer-mensen-kunnen-huurtoeslag-krijgen-in-2026-zo-zit-dat-en-zoveel-is-het-ongeveer/",
                "“De vermogensgrens in 2026 is 38.479 euro voor alleenstaanden en 76.958 euro "
                "voor mensen met een toeslagenpartner.”",
                backs=("assets_partner",),
                official=False,
            ),
        ),
        checked_on=CHECKED,
    ),
    Criteria(
        scheme="zorgtoeslag",
        year=2026,
        limits={
            "income_single": Decimal("40857"),
            "income_partner": Decimal("51142"),
            "assets_single": Decimal("146011"),
            "assets_partner": Decimal("184633"),
        },
        sources=(
            Source(
                "https://www.belastingdienst.nl/wps/wcm/connect/nl/zorgtoeslag/content/"
                "maximaal-inkomen-voor-zorgtoeslag",
                "“U kunt in 2026 zorgtoeslag krijgen als uw jaarinkomen niet boven de grens van "
                "€ 40.857 uitkomt. […] Hebt u in 2026 een toeslagpartner? Dan mag het inkomen "
                "van u allebei samen niet meer dan € 51.142 zijn.”",
                backs=("income_single", "income_partner"),
            ),
            Source(
                "https://handboek.toeslagen.nl/?p=466",
                "“Eén van de voornaamste voorwaarden voor het recht op zorgtoeslag is dan ook dat "
                "de aanvrager een zorgverzekering heeft.”",
                backs=("conditions",),
            ),
            Source(
                "https://www.skipr.nl/nieuws/"
                "lagere-vermogensgrens-zorgtoeslag-treft-spaarders-met-laag-inkomen/",
                "“Op dit moment is de vermogensgrens voor de zorgtoeslag nog 146 duizend euro per "
                "persoon of ruim 184 duizend euro voor samenwonenden.” (2026-01-30; "
                "€ 146.011 and € 184.633 exactly on other pages)",
                backs=("assets_single", "assets_partner"),
                official=False,
            ),
        ),
        checked_on=CHECKED,
    ),
    Criteria(
        scheme="kinderbijslag",
        year=2026,
        limits={},
        sources=(
            Source(
                "https://kandoor.nl/blog/alles-wat-je-wilt-weten-over-kinderbijslag/",
                "“Heb je kinderen jonger dan 18 jaar? Dan krijg je waarschijnlijk kinderbijslag. "
                "Kinderbijslag is een inkomensonafhankelijke bijdrage voor ouders.”",
                backs=("conditions",),
                official=False,
            ),
        ),
        checked_on=CHECKED,
    ),
    Criteria(
        scheme="kindgebonden-budget",
        year=2026,
        limits={"assets_single": Decimal("146011"), "assets_partner": Decimal("184633")},
        sources=(
            Source(
                "https://www.svb.nl/int/nl/kinderbijslag/kinderbijslag_voor_kind/"
                "kindgebonden_budget/",
                "“Krijgt u kinderbijslag, dan kunt u misschien ook een kindgebonden budget van de "
                "Belastingdienst krijgen.” “Er geldt ook een vermogenstoets voor het "
                "kindgebonden budget.”",
                backs=("conditions",),
            ),
            Source(
                "https://zandwijken.nl/bg/toeslagen/kindgebonden-budget",
                "“Assets max €146,011 (single) or €184,633 (with partner)” (the same limits as "
                "zorgtoeslag, as in every year from 2019 to 2023 on belastingdienst.nl).",
                backs=("assets_single", "assets_partner"),
                official=False,
            ),
        ),
        checked_on=CHECKED,
    ),
)


def criteria_for(scheme: str, on: dt.date) -> Criteria | None:
    for criteria in CRITERIA:
        if criteria.scheme == scheme and criteria.year == on.year:
            return criteria
    return None


def to_confirm() -> list[tuple[Criteria, str]]:
    """The limits no official page backs yet: shown as "to confirm" and in the docs."""
    return [
        (criteria, limit)
        for criteria in CRITERIA
        for limit in criteria.limits
        if not any(limit in s.backs and s.official for s in criteria.sources)
    ]
