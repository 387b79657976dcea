"""The register of processing activities that eenloket itself performs (AVG art. 30).

Each definition is the content of the register entry; ``services.register_sync`` stores it and
makes a new version whenever its content (or the controllership) changes. Log lines name the
version in force. Later capabilities add their own activities here.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from eenloket.audit.models import LegalBasis
from eenloket.core import legal_sources


def _cites(*keys: str) -> dict:
    """The legal reference of an entry: its citations as one line, and their keys in
    core/legal_sources.py (each with its official text and whether it was confirmed)."""
    return {"legal_reference": legal_sources.reference(*keys), "legal_sources": keys}


# The statutory tasks of the municipality that a 1 Loket carries out (AVG art. 6(1)(e) needs
# a task laid down in law): income support (Participatiewet), debt help (Wgs), support at home
# (Wmo 2015), and forwarding what belongs to another body (Awb). The deployment confirms them
# in its DPIA (docs/privacy.md).
DESK_TASK = ("avg-6-1-e", "pw-7", "wgs-2", "wmo-2-3-2", "awb-2-3")


@dataclass(frozen=True)
class ActivityDefinition:
    key: str
    name_nl: str
    name_en: str
    purpose_nl: str
    purpose_en: str
    legal_basis: str
    legal_reference: str
    data_categories: tuple[str, ...]
    retention_months: int
    confidential: bool = False
    # Keys in core/legal_sources.py behind ``legal_reference``.
    legal_sources: tuple[str, ...] = ()

    def content(self) -> dict:
        data = asdict(self)
        data["data_categories"] = list(self.data_categories)
        data["legal_sources"] = list(self.legal_sources)
        return data


CASE_WORKLIST = "case-worklist"
CASE_VIEW = "case-view"
CASE_DOCUMENT_VIEW = "case-document-view"
CASE_ACCESS_ASK = "case-access-ask"
CASE_ACCESS_DECIDE = "case-access-decide"
LOG_SUBJECT_VIEW = "log-subject-view"
LOG_PRIVACY_QUERY = "log-privacy-query"
PERSON_FIND = "person-find"
PERSON_DUPLICATE_CHECK = "person-duplicate-check"
PERSON_BSN_VIEW = "person-bsn-view"
PORTAL_OVERVIEW = "portal-overview"
PORTAL_LOGIN = "portal-login"
PORTAL_DATA_EXPORT = "portal-data-export"

ACTIVITIES: tuple[ActivityDefinition, ...] = (
    ActivityDefinition(
        key=CASE_WORKLIST,
        name_nl="Werklijst van het team tonen",
        name_en="Show the team's worklist",
        purpose_nl=(
            "Medewerkers zien welke vragen hun team open heeft, "
            "zodat niemand tussen wal en schip valt."
        ),
        purpose_en=(
            "Workers see which questions their team has open, so nobody falls through the cracks."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites(*DESK_TASK),
        data_categories=("contact",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=CASE_VIEW,
        name_nl="Een vraag bekijken",
        name_en="View a case",
        purpose_nl="Een medewerker van een betrokken team helpt de inwoner met de vraag.",
        purpose_en="A worker of an involved team helps the citizen with their question.",
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites(*DESK_TASK),
        data_categories=("contact", "case_notes"),
        retention_months=24,
    ),
    ActivityDefinition(
        key=CASE_DOCUMENT_VIEW,
        name_nl="Een document bij een vraag openen",
        name_en="Open a document of a case",
        purpose_nl=(
            "Een medewerker van een betrokken team opent een document dat de inwoner meebracht "
            "(een brief, een scan), om de inwoner met de vraag te helpen."
        ),
        purpose_en=(
            "A worker of an involved team opens a document the citizen brought (a letter, a "
            "scan) to help the citizen with their question."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites(*DESK_TASK),
        data_categories=("documents",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=CASE_ACCESS_ASK,
        name_nl="Toegang vragen tot de vraag van een ander team",
        name_en="Ask access to another team's case",
        purpose_nl=(
            "Een medewerker vond iemand met wie het eigen team nog niet werkt. Hij ziet alleen "
            "welke teams een open vraag van deze persoon hebben, om hun coördinator te vragen "
            "of zijn team mag meewerken. Het dossier blijft dicht tot de coördinator ja zegt."
        ),
        purpose_en=(
            "A worker found someone their team does not work with yet. They see only which "
            "teams have an open case of this person, to ask those teams' coordinators whether "
            "their team may join. The dossier stays closed until a coordinator says yes."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites(*DESK_TASK),
        data_categories=("involvement",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=CASE_ACCESS_DECIDE,
        name_nl="Een verzoek om toegang beoordelen",
        name_en="Decide on a request for access",
        purpose_nl=(
            "De coördinator van het team dat de vraag heeft, ziet wie wil meewerken en waarom, "
            "en beslist of dat team de vraag mag zien."
        ),
        purpose_en=(
            "The coordinator of the team that owns the case sees who asks to join and why, and "
            "decides whether that team may see the case."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites(*DESK_TASK),
        data_categories=("contact",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=LOG_SUBJECT_VIEW,
        name_nl="Laten zien wie in iemands gegevens keek",
        name_en="Show who looked at someone's data",
        purpose_nl=(
            "De inwoner ziet wie zijn of haar gegevens gebruikte (recht op inzage, AVG art. 15)."
        ),
        purpose_en="The citizen sees who used their data (right of access, GDPR art. 15).",
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        **_cites("avg-6-1-c", "avg-15"),
        data_categories=("processing_log",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=PORTAL_OVERVIEW,
        name_nl="De inwoner ziet zijn of haar eigen overzicht",
        name_en="The citizen sees their own overview",
        purpose_nl=(
            "De inwoner ziet wat er loopt, wie eraan werkt en wat hij of zij zelf moet doen "
            "(recht op inzage, AVG art. 15)."
        ),
        purpose_en=(
            "The citizen sees what is going on, who works on it and what they must do "
            "themselves (right of access, GDPR art. 15)."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        **_cites("avg-6-1-c", "avg-15"),
        data_categories=("name", "case_notes"),
        retention_months=24,
    ),
    ActivityDefinition(
        key=PORTAL_DATA_EXPORT,
        name_nl="De inwoner downloadt al zijn of haar gegevens",
        name_en="The citizen downloads all their data",
        purpose_nl=(
            "De inwoner krijgt een kopie van alle gegevens die wij over hem of haar hebben, "
            "als bestand dat een computer kan lezen en als leesbare pagina (recht op inzage en "
            "op overdraagbaarheid, AVG art. 15 en 20)."
        ),
        purpose_en=(
            "The citizen gets a copy of all data we hold about them, as a machine-readable "
            "file and as a readable page (rights of access and portability, GDPR art. 15 and 20)."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        **_cites("avg-6-1-c", "avg-15", "avg-20"),
        data_categories=(
            "name",
            "contact",
            "identity",
            "household",
            "case_notes",
            "documents",
            "processing_log",
        ),
        retention_months=24,
    ),
    ActivityDefinition(
        key=PORTAL_LOGIN,
        name_nl="De inwoner logt in op het eigen overzicht",
        name_en="The citizen logs in to their own overview",
        purpose_nl=(
            "Wij zoeken bij het inloggen met DigiD of eHerkenning op wie u bent, met uw BSN "
            "of KVK-nummer, zodat u alleen uw eigen gegevens ziet."
        ),
        purpose_en=(
            "When you log in with DigiD or eHerkenning we look up who you are, by your BSN or "
            "KVK number, so that you see only your own data."
        ),
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        **_cites("avg-6-1-c", "avg-15", "wabb-10", "wdo-5"),
        data_categories=("identity",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=LOG_PRIVACY_QUERY,
        name_nl="Het logboek doorzoeken voor toezicht",
        name_en="Search the log for oversight",
        purpose_nl="De privacyfunctionaris controleert of gegevens goed gebruikt worden.",
        purpose_en="The privacy officer checks that data is used properly.",
        legal_basis=LegalBasis.LEGAL_OBLIGATION,
        **_cites("avg-6-1-c", "avg-5-2", "avg-38-39"),
        data_categories=("processing_log",),
        retention_months=24,
        # Oversight itself is not shown to the citizen line by line: it would tell a person
        # under investigation that they are.
        confidential=True,
    ),
    ActivityDefinition(
        key=PERSON_FIND,
        name_nl="Een persoon zoeken voor een vraag",
        name_en="Find a person for a question",
        purpose_nl=(
            "Een medewerker zoekt met BSN, naam en geboortedatum of KVK-nummer of iemand al "
            "bekend is, om een vraag aan te nemen of verder te helpen. Het doel staat bij elke "
            "zoekvraag."
        ),
        purpose_en=(
            "A worker checks by BSN, name and date of birth or KVK number whether someone is "
            "known, to take or continue a question. Each search states its purpose."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites(*DESK_TASK),
        data_categories=("identity",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=PERSON_DUPLICATE_CHECK,
        name_nl="Controleren of iemand dubbel geregistreerd wordt",
        name_en="Check whether someone is being registered twice",
        purpose_nl=(
            "Bij het aanmelden waarschuwt eenloket als iemand met een gelijkende naam, "
            "geboortedatum of BSN al bekend is, zodat er één dossier per persoon blijft."
        ),
        purpose_en=(
            "At registration eenloket warns when someone with a similar name, date of birth or "
            "BSN is known, so each person keeps one dossier."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites(*DESK_TASK, "avg-5-1-d"),
        data_categories=("identity",),
        retention_months=24,
    ),
    ActivityDefinition(
        key=PERSON_BSN_VIEW,
        name_nl="Het BSN van een inwoner tonen",
        name_en="Show a citizen's BSN",
        purpose_nl=(
            "Een medewerker aan de voorkant of coördinator van een betrokken team heeft het "
            "BSN nodig om samen met de inwoner een aanvraag te doen."
        ),
        purpose_en=(
            "A frontline worker or coordinator of an involved team needs the BSN to make an "
            "application together with the citizen."
        ),
        legal_basis=LegalBasis.PUBLIC_TASK,
        **_cites("wabb-10", *DESK_TASK),
        data_categories=("identity",),
        retention_months=24,
    ),
)

# Retention of the worker audit log: long enough to answer a complaint or a court case about
# a decision (the Archiefwet selection lists keep case files much longer; the audit trail of
# who did what is kept for the period in which it can be contested).
AUDIT_LOG_RETENTION_MONTHS = 84

# What the retention periods rest on: the archive selection lists (docs/privacy.md).
RETENTION_SOURCES = ("archiefwet-5",)


def definition(key: str) -> ActivityDefinition:
    for activity in ACTIVITIES:
        if activity.key == key:
            return activity
    raise KeyError(f"no processing activity {key!r} in the register")
