"""Invented direct lines for the demo teams, with opening hours and a coordinator."""

from __future__ import annotations

from eenloket.appointments import services as appointments
from eenloket.directory import services as directory

# Invented direct lines for the demo teams: every name ends in "(demo)", the numbers are not
# real (030 - 000 …) and the addresses use the reserved example.org domain.
DEMO_DIRECT_LINES = (
    {
        "team": "Directe lijn WW",
        "name": "Directe lijn WW voor ketenpartners (demo)",
        "description": (
            "Voor vragen over een WW-aanvraag die vastloopt, en voor een warme overdracht."
        ),
        "description_en": "For WW applications that get stuck, and for warm handovers.",
        "phone": "030 - 000 00 01",
        "email": "directe-lijn-ww@example.org",
        "topics": "WW aanvraag vastgelopen werkloos ontslag inkomen na ontslag",
        "needs": ["income", "work"],
        "schemes": ["ww"],
        "service_level_hours": 8,
        "coordinator": "joost",
        "capacity": "open",
    },
    {
        "team": "Directe lijn kinderbijslag",
        "name": "Directe lijn SVB kinderbijslag en AOW (demo)",
        "description": (
            "Voor kinderbijslag na een scheiding en AOW na het overlijden van een partner."
        ),
        "description_en": "For child benefit after a divorce and AOW after a partner's death.",
        "phone": "030 - 000 00 02",
        "email": "directe-lijn-svb@example.org",
        "topics": "kinderbijslag scheiding aow overlijden partner nabestaanden",
        "needs": ["family", "income"],
        "schemes": ["kinderbijslag", "aow", "anw"],
        "service_level_hours": 16,
        "capacity": "waiting_list",
        "expected_wait_days": 3,
    },
    {
        "team": "Betalingsregelingen",
        "name": "CJIB betalingsregelingen voor schuldhulp (demo)",
        "description": (
            "Voor schuldhulpverleners die een betalingsregeling of uitstel willen afspreken."
        ),
        "description_en": "For debt counsellors who want to agree a payment plan or a delay.",
        "phone": "030 - 000 00 03",
        "topics": "boete betalingsregeling uitstel schuldhulp",
        "needs": ["debts"],
        "schemes": ["betalingsregeling-cjib"],
        "service_level_hours": 24,
        "capacity": "open",
        # For debt counsellors only: the municipality's debt help and the Bbz bureau.
        "seen_by_teams": ["Schuldhulpverlening", "Bbz-consulenten"],
    },
    {
        "team": "Schuldhulpverlening",
        "name": "Spoedlijn schuldhulp Utrecht (demo)",
        "description": (
            "Bij dreigende uitzetting of afsluiting van energie of water: binnen 3 "
            "werkdagen een gesprek."
        ),
        "description_en": (
            "When eviction or cut-off of energy or water threatens: a conversation "
            "within 3 working days."
        ),
        "phone": "030 - 000 00 04",
        "email": "spoed-schuldhulp@example.org",
        "topics": "huurachterstand uitzetting afsluiting energie water schulden spoed",
        "needs": ["debts", "housing"],
        "schemes": ["schuldhulpverlening", "betalingsregeling-huur"],
        "regions": ["0344"],
        "service_level_hours": 4,
        "coordinator": "ingrid",
        "capacity": "open",
        # For the partners who see an eviction or a cut-off coming (and the municipality).
        "seen_by_organisations": ["Mitros", "Zorgverzekeraar Utrecht (demo)"],
    },
)
DEMO_HOURS = [{"byday": "MO,TU,WE,TH,FR", "opens_at": "09:00", "closes_at": "17:00"}]


def _direct_lines(teams, users, actor) -> None:
    """The WW and SVB lines are for every loket worker, the CJIB line for two debt-help teams,
    the municipality's emergency line for the organisations named (decision 0053)."""
    for line in DEMO_DIRECT_LINES:
        line = dict(line)
        team = teams[line.pop("team")]
        coordinator = users.get(line.pop("coordinator", ""))
        seen_by_teams = [teams[name] for name in line.pop("seen_by_teams", [])]
        seen_by_organisations = line.pop("seen_by_organisations", [])
        point = directory.contact_point_create(
            team=team, coordinator=coordinator, schedules=DEMO_HOURS, actor=actor, **line
        )
        if seen_by_teams:
            directory.contact_point_set_visibility(
                contact_point=point, visibility="teams", teams=seen_by_teams, actor=actor
            )
        if seen_by_organisations:
            organisations = {t.organisation.name: t.organisation for t in teams.values()}
            directory.contact_point_set_visibility(
                contact_point=point,
                visibility="organisations",
                organisations=[organisations[name] for name in seen_by_organisations],
                actor=actor,
            )
    utrecht = teams["Informatiepunt Bibliotheek"].organisation
    desk = directory.location_save(
        organisation=utrecht,
        name="Loket eenloket in de bibliotheek (demo)",
        location_type="physical",
        municipality="0344",
        description="Inloopspreekuur van eenloket. De tijden zijn verzonnen voor de demo.",
        description_en="Walk-in desk of eenloket. The times are invented for the demo.",
        address={
            "address_1": "Neude 11",
            "postal_code": "3512 AE",
            "city": "Utrecht",
            "state_province": "Utrecht",
        },
        accessibility=[
            {
                "description": "Demo: ingang zonder drempel, ringleiding aan de balie.",
                "description_en": "Demo: step-free entrance, hearing loop at the desk.",
            }
        ],
        schedules=[
            {"byday": "MO,WE,FR", "opens_at": "10:00", "closes_at": "13:00"},
            {"byday": "TH", "opens_at": "14:00", "closes_at": "19:00"},
        ],
        services=["ido-hulp"],
        actor=actor,
    )
    # Appointments at this desk (docs/appointments.md): half an hour, two citizens at a time.

    appointments.setting_save(location=desk, slot_minutes=30, capacity=2, actor=actor)
