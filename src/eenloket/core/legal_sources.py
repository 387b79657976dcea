"""The legal references eenloket cites, each with a link to the official text and whether it was
confirmed (docs/privacy.md, "Legal references").

The register of processing activities (audit/register.py), the pilot's statutory bases
(docs/examples/pilot.json) and the set-up screens cite these. A reference counts as
*confirmed* only when an official page was read that shows the cited article says what the
citation claims: ``confirmed_by`` names that page (its address first, then a short quote)
and ``checked_on`` the day it was read. Confirmed means the citation is right; whether the
article lets a partner receive data from the loket stays the privacy officer's judgement in
the deployment's DPIA. Everything else is shown as "not confirmed" wherever it appears.

The links of unconfirmed references point to where the official text is published
(wetten.overheid.nl by its BWB id, EUR-Lex for the AVG); the page itself was not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The words and marks a stand-in for a real reference uses; none may reach the register.
PLACEHOLDER = re.compile(
    r"niet bevestigd|nog (?:te bepalen|invullen)|placeholder|\bTODO\b|\bTBD\b|\bXXX\b|\?|…",
    re.IGNORECASE,
)

# Pages that publish official texts: the law itself, the Staatsblad/Staatscourant, the
# decentral regulations, EUR-Lex, and the government's own pages.
OFFICIAL_HOSTS = (
    "wetten.overheid.nl",
    "zoek.officielebekendmakingen.nl",
    "lokaleregelgeving.overheid.nl",
    "eur-lex.europa.eu",
    "www.nationaalarchief.nl",
    "www.svb.nl",
)

AVG = "https://eur-lex.europa.eu/eli/reg/2016/679/oj"


def _wet(bwb: str) -> str:
    return f"https://wetten.overheid.nl/{bwb}/"


# The Wgs's BWB id was not checked on an official page (the tests held two different ids);
# its confirmations below rest on the Staatsblad and a decentral regulation, not on this link.
WGS = _wet("BWBR0031835")


@dataclass(frozen=True)
class LegalSource:
    key: str
    citation: str  # law and article, as cited
    url: str  # where the official text is published
    confirmed_by: str = ""  # "<address of the official page read> — <what it says>"
    checked_on: str = ""  # ISO date the page was read

    @property
    def confirmed(self) -> bool:
        address = self.confirmed_by.split(" ", 1)[0]
        return bool(self.checked_on) and is_official(address)

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "citation": self.citation,
            "url": self.url,
            "confirmed": self.confirmed,
            "confirmed_by": self.confirmed_by,
            "checked_on": self.checked_on,
        }


def is_official(address: str) -> bool:
    for host in OFFICIAL_HOSTS:
        if address.startswith((f"https://{host}/", f"http://{host}/")):
            return True
    return False


CHECKED = "2026-12-07"

_ALL = (
    # --- AVG (GDPR): the grounds and the citizen's rights --------------------------------
    LegalSource("avg-6-1-c", "AVG art. 6 lid 1 onder c (wettelijke verplichting)", AVG),
    LegalSource("avg-6-1-e", "AVG art. 6 lid 1 onder e (taak van algemeen belang)", AVG),
    LegalSource("avg-5-1-d", "AVG art. 5 lid 1 onder d (juistheid)", AVG),
    LegalSource("avg-5-2", "AVG art. 5 lid 2 (verantwoordingsplicht)", AVG),
    LegalSource("avg-15", "AVG art. 15 (recht van inzage)", AVG),
    LegalSource("avg-20", "AVG art. 20 (recht op overdraagbaarheid)", AVG),
    LegalSource("avg-38-39", "AVG art. 38 en 39 (functionaris gegevensbescherming)", AVG),
    # --- the municipality's tasks the desk carries out -----------------------------------
    LegalSource("pw-7", "Participatiewet art. 7 (opdracht aan het college)", _wet("BWBR0015703")),
    LegalSource("pw-64", "Participatiewet art. 64 (gegevens van derden)", _wet("BWBR0015703")),
    LegalSource(
        "wgs-2",
        "Wet gemeentelijke schuldhulpverlening art. 2 (plan en zorg voor schuldhulpverlening)",
        WGS,
        confirmed_by=(
            "https://lokaleregelgeving.overheid.nl/CVDR743404/1 — Beleidsplan "
            'Schulddienstverlening & Budgetbeheer 2025-2027 (RDWI): "Wettelijke grondslag(en) '
            'of bevoegdheid waarop de regeling is gebaseerd: Artikel 2 Wgs"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "wgs-3-1-b",
        "Wet gemeentelijke schuldhulpverlening art. 3 lid 1 onder b (vroegsignalering)",
        WGS,
        confirmed_by=(
            "https://zoek.officielebekendmakingen.nl/stb-2020-240.html — Besluit gemeentelijke "
            'schuldhulpverlening: "Gelet op de artikelen 3, eerste lid, onderdeel b, 5, tweede '
            'en derde lid, en 8 ... van de Wet gemeentelijke schuldhulpverlening"; § 2 '
            '"Gegevensverstrekking vroegsignalering"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "wgs-4a",
        "Wet gemeentelijke schuldhulpverlening art. 4a (plan van aanpak)",
        WGS,
        confirmed_by=(
            'https://zoek.officielebekendmakingen.nl/stb-2020-240.html — art. 1: "plan van '
            "aanpak voor de schuldhulpverlening als bedoeld in artikel 4a, eerste lid, onderdeel "
            'a, van de wet"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "wgs-5",
        "Wet gemeentelijke schuldhulpverlening art. 5 lid 2 en 3 (gegevensverstrekking)",
        WGS,
        confirmed_by=(
            'https://zoek.officielebekendmakingen.nl/stb-2020-240.html — gegeven "gelet op de '
            'artikelen ... 5, tweede en derde lid" van de Wgs; art. 2: de verhuurder '
            '"verstrekt ... de contactgegevens van de huurder en de hoogte van de achterstand '
            'aan het college voor schuldhulpverlening"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "bgs-1",
        "Besluit gemeentelijke schuldhulpverlening art. 1 (schuldhulpverlener namens het college)",
        "https://zoek.officielebekendmakingen.nl/stb-2020-240.html",
        confirmed_by=(
            "https://zoek.officielebekendmakingen.nl/stb-2020-240.html — art. 1: "
            '"schuldhulpverlener: degene die namens het college de cliënt ondersteunt in het '
            'kader van de gemeentelijke schuldhulpverlening"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource("wmo-2-3-2", "Wmo 2015 art. 2.3.2 (onderzoek na een melding)", _wet("BWBR0035362")),
    LegalSource(
        "wmo-5-1-1", "Wmo 2015 art. 5.1.1 (verwerking van persoonsgegevens)", _wet("BWBR0035362")
    ),
    LegalSource(
        "awb-2-3",
        "Awb art. 2:3 (doorsturen naar de organisatie die erover gaat)",
        _wet("BWBR0005537"),
    ),
    LegalSource(
        "brp-3-2",
        "Wet basisregistratie personen art. 3.2 (verstrekking aan organen van de gemeente)",
        _wet("BWBR0033715"),
    ),
    LegalSource(
        "wabb-10",
        "Wet algemene bepalingen burgerservicenummer art. 10 (gebruik van het BSN)",
        _wet("BWBR0022428"),
    ),
    LegalSource(
        "wdo-5",
        "Wet digitale overheid art. 5 (toegelaten inlogmiddelen)",
        "https://zoek.officielebekendmakingen.nl/kst-34972-A.html",
    ),
    LegalSource(
        "archiefwet-5",
        "Archiefwet 1995 art. 5 (selectielijsten: wat bewaard en wat vernietigd wordt)",
        _wet("BWBR0007376"),
        confirmed_by=(
            "https://zoek.officielebekendmakingen.nl/stb-1995-671.html — Archiefbesluit 1995, "
            'art. 1: "selectielijsten: selectielijsten als bedoeld in artikel 5 van de wet"; '
            "nationaalarchief.nl: overheidsorganen zijn op grond van de Archiefwet 1995 "
            '"verplicht in een selectielijst vast te leggen welke archiefbescheiden in '
            'aanmerking komen voor bewaring en welke voor vernietiging"'
        ),
        checked_on=CHECKED,
    ),
    # --- the partners' own laws -----------------------------------------------------------
    LegalSource("suwi-30", "Wet SUWI art. 30 (taken van het UWV)", _wet("BWBR0013060")),
    LegalSource(
        "suwi-34",
        "Wet SUWI art. 34 (de wetten die de SVB uitvoert)",
        _wet("BWBR0013060"),
        confirmed_by=(
            "https://zoek.officielebekendmakingen.nl/stcrt-2014-13017.html — Besluit "
            'Beleidsregels SVB 2013, art. 1: "Bij de uitvoering van de in artikel 34 van de '
            "Wet structuur uitvoeringsorganisatie werk en inkomen genoemde wetten ... past de "
            'Sociale verzekeringsbank het beleid toe"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "suwi-54",
        "Wet SUWI art. 54 (gegevensverstrekking tussen UWV, SVB en gemeenten)",
        _wet("BWBR0013060"),
    ),
    LegalSource(
        "suwi-62-64",
        "Wet SUWI art. 62 tot en met 64 (gegevensverwerking in de keten werk en inkomen)",
        _wet("BWBR0013060"),
    ),
    LegalSource("ww-15", "Werkloosheidswet art. 15 (recht op uitkering)", _wet("BWBR0004045")),
    LegalSource(
        "aow-7", "Algemene Ouderdomswet art. 7 (recht op ouderdomspensioen)", _wet("BWBR0002221")
    ),
    LegalSource(
        "akw-7", "Algemene Kinderbijslagwet art. 7 (recht op kinderbijslag)", _wet("BWBR0002368")
    ),
    LegalSource(
        "awir-1-39",
        "Algemene wet inkomensafhankelijke regelingen art. 1 en 39 (tegemoetkomingen; "
        "gegevensverstrekking)",
        _wet("BWBR0018472"),
    ),
    LegalSource(
        "iw-2-25",
        "Invorderingswet 1990 art. 2 en 25 (invordering; uitstel van betaling)",
        _wet("BWBR0004770"),
    ),
    LegalSource(
        "zvw-18a-18g",
        "Zorgverzekeringswet art. 18a tot en met 18g (bestuursrechtelijke premie bij "
        "wanbetaling, geïnd door het CAK)",
        _wet("BWBR0018450"),
        confirmed_by=(
            "https://zoek.officielebekendmakingen.nl/stcrt-2018-9257.html — Beleidsregels CAK "
            'inning bestuursrechtelijke premie Zvw 2018: "Het CAK, gelet op artikel 9a tot en '
            'met 9d, 18a tot en met 18g, en 34a van de Zorgverzekeringswet"; art. 1: het CAK '
            'gebruikt voor 18c en 18d "de gegevens uit de Basisregistratie Personen (BRP) en '
            'van de gegevens uit de UWV-polisadministratie"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "wlz-6-1-1",
        "Wet langdurige zorg art. 6.1.1 (het CAK)",
        _wet("BWBR0035917"),
        confirmed_by=(
            "https://zoek.officielebekendmakingen.nl/stcrt-2023-30505.html — Beleidsregels "
            'betalingsregelingen Rijk 2024, art. 1:1: "CAK: CAK als bedoeld in artikel 6.1.1 '
            'van de Wet langdurige zorg"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "wahv-26",
        "Wet administratiefrechtelijke handhaving verkeersvoorschriften art. 26 (inning)",
        _wet("BWBR0004581"),
    ),
    LegalSource(
        "beleidsregel-inning-wahv",
        "Beleidsregel Inning Wet administratiefrechtelijke handhaving verkeersvoorschriften "
        "(het CJIB int de administratieve sancties)",
        "https://wetten.overheid.nl/BWBR0040481/2018-01-01",
        confirmed_by=(
            'http://wetten.overheid.nl/BWBR0040481/2018-01-01 — "Administratieve sanctie: Bij '
            "beschikking opgelegde geldelijke boete in het kader van de Wet "
            'administratiefrechtelijke handhaving verkeersvoorschriften (Wahv)"; "CJIB: Het '
            'Centraal Justitieel Incassobureau"; "Inningsfase: De uitvoeringsfase waarin aan '
            'betrokkene een beschikking en aanmaningen ... worden verzonden"'
        ),
        checked_on=CHECKED,
    ),
    LegalSource(
        "sv-561",
        "Wetboek van Strafvordering art. 561 (tenuitvoerlegging van geldboetes)",
        _wet("BWBR0001903"),
    ),
)

SOURCES: dict[str, LegalSource] = {source.key: source for source in _ALL}


def source(key: str) -> LegalSource:
    try:
        return SOURCES[key]
    except KeyError:
        raise KeyError(f"no legal source {key!r} in core/legal_sources.py") from None


def reference(*keys: str) -> str:
    """The citations of ``keys`` as one line, in the order given."""
    return "; ".join(source(key).citation for key in keys)


def describe(keys) -> list[dict]:
    """What the register stores and the screens show per citation."""
    return [source(key).as_dict() for key in keys]
