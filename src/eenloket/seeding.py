"""A realistic, reproducible population for load tests: ``eenloket seed --persons N``.

Persons (names with prefixes, birth names, BSNs from the BRP test range only, phones, channel
preferences), households, cases (two per person on average, spread over teams, with next
steps around today, some on hold or closed), a contact and its confirmation per case.

Rows go in with ``bulk_create`` in batches, bypassing the per-row services on purpose: the
generator produces only values the services would accept (tests check a sample), and a
million service calls with an audit entry each would take hours. Only one batch is held in
memory at a time. The same ``--seed`` gives the same population (ids included); only the
encrypted BSN differs, because encryption is randomised.

Later issues add their records as further steps in ``STEPS`` (handovers, consents, …).
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import transaction

from eenloket.cases import vocabulary
from eenloket.cases.models import (
    Case,
    CaseStatus,
    Confirmation,
    ConfirmationState,
    Contact,
    ContactChannel,
    Direction,
    HoldReason,
    Outcome,
    Verification,
)
from eenloket.core import bulk, clock, crypto
from eenloket.directory.models import Organisation, Team
from eenloket.people import bsn as bsn_rules
from eenloket.people import names
from eenloket.people.models import AddressKind, Channel, HouseholdMember, HouseholdRelation, Person

GIVEN = (
    "Sandra", "Jan", "Maria", "Mohamed", "Fatima", "Kees", "Anna", "Daan", "Noor", "Emma",
    "Sem", "Lotte", "Yusuf", "Ayşe", "Pieter", "Sophie", "Thomas", "Zoë", "Bram", "Iris",
    "Mehmet", "Priya", "Hendrik", "Fleur", "Lucas", "Julia", "Ahmed", "Sara", "Ruben", "Eva",
)  # fmt: skip
SURNAMES = (
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("", "Bakker"), ("", "Visser"),
    ("", "Smit"), ("", "Meijer"), ("de", "Boer"), ("", "Mulder"), ("de", "Groot"),
    ("", "Bos"), ("", "Vos"), ("", "Peters"), ("", "Hendriks"), ("van", "Leeuwen"),
    ("", "Dekker"), ("", "Yilmaz"), ("el", "Amrani"), ("", "Çelik"), ("van der", "Meer"),
    ("", "Kaya"), ("", "Dijkstra"), ("", "Sahin"), ("ter", "Horst"), ("", "Pinas"),
)  # fmt: skip
STREETS = ("Kanaalstraat", "Oudegracht", "Amsterdamsestraatweg", "Vleutenseweg", "Biltstraat")
QUESTIONS = (
    "Ik heb geen werk meer en de brieven stapelen zich op.",
    "Mijn vader opent zijn post niet meer sinds mijn moeder is overleden.",
    "Ik word 18 en weet niet wat ik moet regelen.",
    "Mijn zaak loopt niet meer en ik heb schulden bij de Belastingdienst.",
    "Ik begrijp deze brief van de gemeente niet.",
    "Mijn toeslag is gestopt en ik weet niet waarom.",
)
STEPS_TEXT = ("Terugbellen", "Samen de aanvraag doen", "Brieven doorlopen", "Intake plannen")
BATCH = 2000


@dataclass
class SeedResult:
    persons: int = 0
    household_links: int = 0
    cases: int = 0
    contacts: int = 0
    teams: list = field(default_factory=list)
    resumed: int = 0  # main persons whose batch was already in the database


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _test_numbers(rng: random.Random, taken_hashes: set[str]) -> Iterator[str]:
    """Yield distinct valid BSNs from the test range in a reproducible order (about 90,900)."""
    stems = list(range(100_000))
    rng.shuffle(stems)
    for stem in stems:
        first_eight = f"{bsn_rules.TEST_RANGE_PREFIX}{stem:05d}"
        last = bsn_rules.check_digit(first_eight)
        if last is None:
            continue
        number = f"{first_eight}{last}"
        if bsn_rules.lookup_hash(number) not in taken_hashes:
            yield number


def _teams(count: int) -> list[Team]:
    teams = []
    for index in range(count):
        organisation, _created = Organisation.objects.get_or_create(
            name=f"Seed organisatie {index // 4 + 1}",
            defaults={"kind": Organisation.Kind.MUNICIPALITY},
        )
        team, _created = Team.objects.get_or_create(
            organisation=organisation, name=f"Seed team {index + 1}"
        )
        teams.append(team)
    return teams


def _person(rng: random.Random, numbers: Iterator[str] | None, today: dt.date) -> Person:
    prefix, surname = rng.choice(SURNAMES)
    given = rng.choice(GIVEN)
    birth = today - dt.timedelta(days=rng.randrange(18 * 365, 90 * 365))
    person = Person(
        id=_uuid(rng),
        given_names=given,
        surname_prefix=prefix,
        surname=surname,
        birth_date=birth,
        phone=f"06{rng.randrange(10**8):08d}" if rng.random() < 0.8 else "",
        preferred_language=rng.choice(("nl", "nl", "nl", "en", "tr", "ar")),
        channels_preferred=rng.sample(
            [Channel.DESK, Channel.PHONE, Channel.LETTER, Channel.PORTAL], k=rng.randint(1, 3)
        ),
        channels_refused=[Channel.EMAIL] if rng.random() < 0.2 else [],
    )
    if rng.random() < 0.9:
        person.address_kind = AddressKind.POSTAL if rng.random() < 0.03 else AddressKind.RESIDENTIAL
        person.street_and_number = f"{rng.choice(STREETS)} {rng.randrange(1, 300)}"
        person.postal_code = (
            f"35{rng.randrange(10, 99)} {rng.choice('ABCDEFGH')}{rng.choice('KLMNPR')}"
        )
        person.city = "Utrecht"
    if numbers is not None and rng.random() < 0.6:
        number = next(numbers, None)
        if number:
            person.bsn_hash = bsn_rules.lookup_hash(number)
            person.bsn_encrypted = crypto.encrypt(number)
    person.surname_key = names.surname_key(prefix, surname)
    person.given_key = names.given_key(given)
    return person


def _case(rng: random.Random, person: Person, teams: list[Team], today: dt.date, now) -> Case:
    roll = rng.random()
    # Some overdue, none longer than the invariants' grace (handovers/invariants.py).
    due = today + dt.timedelta(days=rng.randrange(-5, 30))
    case = Case(
        id=_uuid(rng),
        person_id=person.pk,
        question_verbatim=rng.choice(QUESTIONS),
        life_events=rng.sample(list(vocabulary.LIFE_EVENTS), k=rng.randint(1, 2)),
        needs=rng.sample(list(vocabulary.NEEDS), k=rng.randint(0, 2)),
        owning_team=rng.choice(teams),
        next_step=rng.choice(STEPS_TEXT),
        next_step_due=due,
        opened_at=now - dt.timedelta(days=rng.randrange(0, 400)),
    )
    if roll < 0.1:
        case.status, case.hold_reason = CaseStatus.ON_HOLD, rng.choice(HoldReason.values)
    elif roll < 0.35:
        case.status, case.outcome, case.closed_at = CaseStatus.CLOSED, Outcome.RESOLVED, now
    return case


def seed(
    *,
    persons: int,
    seed: int = 1,
    teams: int = 20,
    case_mix: tuple[int, ...] = (1, 2, 2, 3),
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> SeedResult:
    """Insert ``persons`` persons with households, cases and contacts; return what was made.

    Batch ``k`` draws from its own generator (``seed:k``), so a batch is the same whether or not
    the ones before it ran in this process: an interrupted run, started again with the same
    arguments, skips the batches that are in the database (each is one transaction) and goes on
    with the next. On PostgreSQL the rows go in with COPY, elsewhere with ``bulk_create``.
    Each main person gets a number of cases drawn from ``case_mix``.
    """
    today, now = clock.today(), clock.now()
    result = SeedResult(teams=_teams(teams))
    taken = set(Person._base_manager.exclude(bsn_hash="").values_list("bsn_hash", flat=True))
    # BSNs come from one sequence over all batches; numbers already used are skipped.
    numbers = _test_numbers(random.Random(seed), taken)  # noqa: S311 - test data, no secret
    for index, start in enumerate(range(0, persons, BATCH)):
        size = min(BATCH, persons - start)
        if _batch_done(seed, index, today):
            result.resumed += size
        else:
            _seed_batch(_batch_rng(seed, index), size, numbers, result, today, now, case_mix)
        progress(start + size, persons)
    return result


def _batch_rng(seed: int, index: int) -> random.Random:
    return random.Random(f"{seed}:{index}")  # noqa: S311 - reproducible test data, no secret


def _batch_done(seed: int, index: int, today: dt.date) -> bool:
    """Whether batch ``index`` is in the database: its first person, drawn again, exists."""
    first = _person(_batch_rng(seed, index), None, today)
    return Person._base_manager.filter(pk=first.pk).exists()


def _seed_batch(rng, size, numbers, result: SeedResult, today, now, case_mix) -> None:
    with transaction.atomic():
        batch = [_person(rng, numbers, today) for _ in range(size)]
        links = []
        for person in batch[: size // 4]:  # a quarter lives with a child
            child = _person(rng, None, today)
            child.surname_prefix, child.surname = person.surname_prefix, person.surname
            child.surname_key = person.surname_key
            child.birth_date = today - dt.timedelta(days=rng.randrange(365, 17 * 365))
            links.append((person, child))
        bulk.insert(Person, batch + [child for _p, child in links])
        bulk.insert(
            HouseholdMember,
            [
                HouseholdMember(
                    id=_uuid(rng),
                    person_id=person.pk,
                    member_id=child.pk,
                    relation=HouseholdRelation.CHILD,
                    since=child.birth_date,
                )
                for person, child in links
            ],
        )
        cases = [
            _case(rng, person, result.teams, today, now)
            for person in batch
            for _ in range(rng.choice(case_mix))
        ]
        bulk.insert(Case, cases)
        contacts = [
            Contact(
                id=_uuid(rng),
                case_id=case.pk,
                channel=rng.choice(ContactChannel.values),
                direction=Direction.INCOMING,
                verification=Verification.ID_DOCUMENT,
                summary="Eerste gesprek over de vraag.",
                occurred_at=case.opened_at,
                team_id=case.owning_team_id,
            )
            for case in cases
        ]
        bulk.insert(Contact, contacts)
        bulk.insert(
            Confirmation,
            [
                Confirmation(
                    id=_uuid(rng),
                    case_id=contact.case_id,
                    contact_id=contact.pk,
                    recipient_id=case.person_id,
                    channel=Channel.LETTER,
                    understood=contact.summary,
                    next_steps=case.next_step,
                    reach="Seed team",
                    state=ConfirmationState.QUEUED,
                )
                for contact, case in zip(contacts, cases, strict=True)
            ],
        )
    result.persons += size + len(links)
    result.household_links += len(links)
    result.cases += len(cases)
    result.contacts += len(contacts)


# --- invented anonymous history for the figures (docs/insights.md) ---------------------------

HISTORY_BATCH = 5000


@dataclass
class HistoryResult:
    cases: int = 0
    handovers: int = 0
    contacts: int = 0
    appointments: int = 0


def _history_world(rng: random.Random, teams: list[Team]):
    """Municipalities on the seed organisations and a direct line per team (for the facts)."""
    from eenloket.directory.models import ContactPoint, Municipality

    municipalities = [
        Municipality.objects.get_or_create(
            code=f"99{i:02d}", defaults={"name": f"Seedgemeente {i}"}
        )[0]
        for i in range(1, 4)
    ]
    for index, organisation in enumerate(
        {t.organisation_id: t.organisation for t in teams}.values()
    ):
        if organisation.municipality_id is None:
            organisation.municipality = municipalities[index % len(municipalities)]
            organisation.save(update_fields=["municipality"])
    lines = []
    for team in teams:
        line, _created = ContactPoint.objects.get_or_create(
            team=team,
            name=f"Seed lijn {team.name}",
            defaults={"phone": "030 000 00 00", "service_level_hours": 16},
        )
        lines.append(line)
    return lines


def _adapter(field):
    from django.db import connection, models

    target = getattr(field, "target_field", field)
    if isinstance(target, models.UUIDField) and connection.vendor != "postgresql":
        return lambda value: value.hex if value is not None else None
    if isinstance(field, models.DateTimeField):
        return connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return connection.ops.adapt_datefield_value
    return lambda value: value


def _fast_insert(model, objs: list) -> None:
    """INSERT many rows with one executemany: bulk_create spends most of its time preparing
    each value, which a million rows cannot afford. Only for rows the generator made valid."""
    from django.db import connection, models

    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    adapters = [(f.attname, _adapter(f)) for f in fields]
    rows = [tuple(adapt(getattr(o, name)) for name, adapt in adapters) for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def seed_history(
    *,
    handovers: int,
    seed: int = 1,
    teams: int = 20,
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> HistoryResult:
    """Insert invented anonymous facts (``invented=True``) with about ``handovers`` handovers:
    cases over the last 400 days, two handovers per case on average, contacts, needs, life
    events, appointments and verdicts. Facts only — no persons, no cases — in batches, so
    memory stays bounded whatever the size. For the demo and the benchmark, never production.
    """
    from eenloket.insights.models import (
        AppointmentFact,
        CaseFact,
        ContactFact,
        HandoverFact,
        TopicFact,
    )
    from eenloket.insights.refs import person_ref, ref

    rng = random.Random(seed)  # noqa: S311 - reproducible test data, no secret
    team_rows = _teams(teams)
    lines = _history_world(rng, team_rows)
    organisations = {t.organisation_id: t.organisation for t in team_rows}
    now = clock.now()
    result = HistoryResult()
    levels = ("self_reliant", "light", "intensive")
    outcomes_ = ("solved", "partly", "not_solved", "referred", "no_longer_needed")
    number = 0
    while result.handovers < handovers:
        with transaction.atomic():
            cases, topics, contacts, facts, appointments = [], [], [], [], []
            while len(facts) < HISTORY_BATCH and result.handovers + len(facts) < handovers:
                number += 1
                team = rng.choice(team_rows)
                organisation = organisations[team.organisation_id]
                person = person_ref(f"seed-{seed}-{number // 2}")
                opened = now - dt.timedelta(
                    days=rng.randrange(0, 400), minutes=rng.randrange(0, 1440)
                )
                first = opened + dt.timedelta(minutes=rng.randrange(0, 3 * 24 * 60))
                closed = rng.random() < 0.7
                case = CaseFact(
                    id=_uuid(rng),
                    case_ref=ref("case", f"seed-{seed}-{number}"),
                    person_ref=person,
                    municipality_id=organisation.municipality_id,
                    organisation_id=organisation.pk,
                    team_id=team.pk,
                    opened_at=opened,
                    first_contact_at=first,
                    first_contact_seconds=int((first - opened).total_seconds()),
                    status="closed" if closed else "open",
                    next_step_due=None
                    if closed
                    else (now + dt.timedelta(days=rng.randrange(-10, 20))).date(),
                    closed_at=opened + dt.timedelta(days=rng.randrange(5, 90)) if closed else None,
                    outcome="resolved" if closed else "",
                    support_start=rng.choice(levels),
                    support_close=rng.choice(levels) if closed else "",
                    verdict=rng.choice(("yes", "yes", "partly", "no", "")) if closed else "",
                    verdict_channel="portal" if closed else "",
                    invented=True,
                )
                cases.append(case)
                for key in rng.sample(list(vocabulary.LIFE_EVENTS), k=rng.randint(1, 2)):
                    topics.append(TopicFact(case_id=case.pk, kind="life_event", key=key))
                for key in rng.sample(list(vocabulary.NEEDS), k=rng.randint(1, 2)):
                    outcome = rng.choice(outcomes_) if closed else ""
                    topics.append(TopicFact(case_id=case.pk, kind="need", key=key, outcome=outcome))
                contacts.append(
                    ContactFact(
                        case_id=case.pk,
                        channel=rng.choice(ContactChannel.values),
                        direction=Direction.INCOMING,
                        occurred_at=first,
                    )
                )
                for index in range(rng.choice((1, 2, 2, 3))):
                    line = rng.choice(lines)
                    sent = opened + dt.timedelta(hours=rng.randrange(1, 72))
                    answer_s = rng.randrange(600, 5 * 24 * 3600)
                    declined = rng.random() < 0.12
                    complete_s = (
                        None
                        if declined or rng.random() < 0.2
                        else answer_s + rng.randrange(3600, 30 * 24 * 3600)
                    )
                    facts.append(
                        HandoverFact(
                            id=_uuid(rng),
                            handover_ref=ref("handover", f"seed-{seed}-{number}-{index}"),
                            case_id=case.pk,
                            person_ref=person,
                            municipality_id=organisation.municipality_id,
                            from_organisation_id=organisation.pk,
                            from_team_id=team.pk,
                            to_organisation_id=line.team.organisation_id,
                            to_team_id=line.team_id,
                            contact_point_id=line.pk,
                            sent_at=sent,
                            answer="declined" if declined else "accepted",
                            answered_at=sent + dt.timedelta(seconds=answer_s),
                            answer_seconds=answer_s,
                            completed_at=sent + dt.timedelta(seconds=complete_s)
                            if complete_s
                            else None,
                            complete_seconds=complete_s,
                            state="declined"
                            if declined
                            else ("completed" if complete_s else "in_progress"),
                            decline_reason=rng.choice(
                                (
                                    "not_our_task",
                                    "not_eligible",
                                    "no_capacity",
                                    "duplicate",
                                    "other",
                                )
                            )
                            if declined
                            else "",
                            escalated=rng.random() < 0.08,
                            invented=True,
                        )
                    )
                if rng.random() < 0.3:
                    appointments.append(
                        AppointmentFact(
                            id=_uuid(rng),
                            appointment_ref=ref("appointment", f"seed-{seed}-{number}"),
                            case_id=case.pk,
                            person_ref=person,
                            municipality_id=organisation.municipality_id,
                            organisation_id=organisation.pk,
                            starts_at=opened + dt.timedelta(days=rng.randrange(1, 14)),
                            state=rng.choice(("kept", "kept", "kept", "missed", "cancelled")),
                            invented=True,
                        )
                    )
            for model, rows in (
                (CaseFact, cases),
                (TopicFact, topics),
                (ContactFact, contacts),
                (HandoverFact, facts),
                (AppointmentFact, appointments),
            ):
                _fast_insert(model, rows)
        result.cases += len(cases)
        result.handovers += len(facts)
        result.contacts += len(contacts)
        result.appointments += len(appointments)
        progress(result.handovers, handovers)
    return result
