"""The regulations a signal can name, by code, with their official names (citeertitel).

Each name was checked: against wetten.overheid.nl through the directory's reference content
(``directory/reference/schemes.json``, which gives the BWB id), or against public pages that
cite the law by name (docs/insights.md lists how each was confirmed). A signal about a rule that
is not here names the organisation and uses ``other``; an application manager adds a law here
with its official name and BWB id when it comes up more than once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Regulation:
    code: str
    name: str  # the official name (citeertitel), in Dutch: it is a name, not translated
    short: str
    bwb_id: str  # wetten.overheid.nl identifier, where confirmed
    organisations: tuple[str, ...]  # directory keys of the organisations that carry it out

    @property
    def url(self) -> str:
        return f"https://wetten.overheid.nl/{self.bwb_id}/" if self.bwb_id else ""


OTHER = "other"

REGULATIONS: tuple[Regulation, ...] = (
    Regulation("awb", "Algemene wet bestuursrecht", "Awb", "BWBR0005537", ()),
    Regulation("participatiewet", "Participatiewet", "Pw", "BWBR0015703", ("gemeente-utrecht",)),
    Regulation("wgs", "Wet gemeentelijke schuldhulpverlening", "Wgs", "", ("gemeente-utrecht",)),
    Regulation(
        "wmo2015",
        "Wet maatschappelijke ondersteuning 2015",
        "Wmo 2015",
        "BWBR0035362",
        ("gemeente-utrecht",),
    ),
    Regulation(
        "bbz2004",
        "Besluit bijstandverlening zelfstandigen 2004",
        "Bbz 2004",
        "",
        ("gemeente-utrecht",),
    ),
    Regulation("ww", "Werkloosheidswet", "WW", "BWBR0004045", ("uwv",)),
    Regulation("akw", "Algemene Kinderbijslagwet", "AKW", "BWBR0002368", ("svb",)),
    Regulation(
        "awir",
        "Algemene wet inkomensafhankelijke regelingen",
        "Awir",
        "BWBR0018472",
        ("toeslagen",),
    ),
    Regulation("wzt", "Wet op de zorgtoeslag", "Wzt", "BWBR0018451", ("toeslagen",)),
    Regulation("wht", "Wet op de huurtoeslag", "Wht", "BWBR0008659", ("toeslagen",)),
    Regulation("wkb", "Wet op het kindgebonden budget", "WKB", "", ("toeslagen",)),
    Regulation("zvw", "Zorgverzekeringswet", "Zvw", "BWBR0018450", ("cak",)),
    Regulation(
        "fw",
        "Faillissementswet (schuldsaneringsregeling natuurlijke personen)",
        "Fw/Wsnp",
        "BWBR0001860",
        ("rechtspraak",),
    ),
    Regulation("wsf2000", "Wet studiefinanciering 2000", "WSF 2000", "", ("duo",)),
)
BY_CODE = {r.code: r for r in REGULATIONS}


def label(code: str) -> str:
    """The regulation's official name, or "another rule or way of working"."""
    if code in BY_CODE:
        return BY_CODE[code].name
    return str(_("Another rule or way of working"))


def choices() -> list[tuple[str, str]]:
    return [(r.code, f"{r.name} ({r.short})") for r in REGULATIONS] + [
        (OTHER, str(_("Another rule or way of working")))
    ]
