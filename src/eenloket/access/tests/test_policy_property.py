"""Random worlds against the policy point: it never returns what no basis covers, and always
returns what one does.

Each example builds organisations with teams (each with a purpose), persons with cases, teams
working on cases (some whose part ended), statutory bases (for every purpose or for one) and
consents to a team or a whole organisation, in every state and period (some for special
categories without the explicit yes, some naming the BSN), then asks the policy point, for every
team and case, which categories it releases — and compares with a plain reading of the rules
written here independently of the policy point (``access/``): the owning team sees its
purpose's categories, every other team — of the same organisation too — only what a basis
gives it (decision 0039).
"""

import datetime as dt

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eenloket.access import casework
from eenloket.accounts.models import Role
from eenloket.cases.models import CaseTeam
from eenloket.consent.categories import SHAREABLE, SPECIAL
from eenloket.consent.models import Consent, ConsentState, StatutoryBasis
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.core.errors import NotFoundOrForbidden
from eenloket.directory.purposes import PURPOSES
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

ORGANISATIONS = 3
TEAMS_PER_ORGANISATION = 2
CASES = 3
TEAMS = ORGANISATIONS * TEAMS_PER_ORGANISATION
PURPOSE_KEYS = ("intake", "debt_help", "wmo", "tax_collection")

categories = st.lists(st.sampled_from(SHAREABLE), max_size=5, unique=True)
offset = st.integers(min_value=-20, max_value=20)  # days from today

consent_strategy = st.fixed_dictionaries(
    {
        "case": st.integers(0, CASES - 1),
        "recipient": st.integers(0, ORGANISATIONS - 1),
        # To one team of the recipient (its index within the organisation), or to all of them.
        "team": st.one_of(st.none(), st.integers(0, TEAMS_PER_ORGANISATION - 1)),
        "categories": categories,
        # Given most of the time, so that periods, persons and special categories get tested.
        "state": st.one_of(st.just(ConsentState.GIVEN), st.sampled_from(ConsentState.values)),
        "starts": st.integers(min_value=-20, max_value=5),
        "length": st.integers(0, 30),
        "explicit_special": st.booleans(),
        "whole_person": st.booleans(),  # not tied to the case it was asked in
    }
)
basis_strategy = st.fixed_dictionaries(
    {
        "recipient": st.integers(0, ORGANISATIONS - 1),
        "team_purpose": st.sampled_from(("", "", *PURPOSE_KEYS)),
        "categories": categories,
        "starts": offset,
        "ends": st.one_of(st.none(), offset),
    }
)
world_strategy = st.fixed_dictionaries(
    {
        "purposes": st.lists(st.sampled_from(PURPOSE_KEYS), min_size=TEAMS, max_size=TEAMS),
        # Mostly owned by the first organisation (the loket), so the others are partners.
        "owners": st.lists(
            st.one_of(
                st.integers(0, TEAMS_PER_ORGANISATION - 1),
                st.integers(0, ORGANISATIONS * TEAMS_PER_ORGANISATION - 1),
            ),
            min_size=CASES,
            max_size=CASES,
        ),
        "persons": st.lists(st.integers(0, 1), min_size=CASES, max_size=CASES),
        "links": st.lists(
            st.tuples(
                st.integers(0, CASES - 1),
                st.integers(0, ORGANISATIONS * TEAMS_PER_ORGANISATION - 1),
                st.sampled_from([False, False, True]),  # ended
            ),
            min_size=4,
            max_size=12,
            unique_by=lambda link: (link[0], link[1]),
        ),
        "consents": st.lists(consent_strategy, min_size=2, max_size=8),
        "bases": st.lists(basis_strategy, max_size=3),
        # What a contact, a document and a handover's messages on each case are about
        # (decision 0046): checked against the plain rule below for every team.
        "labels": st.lists(
            st.sampled_from(("", "team", *SHAREABLE)), min_size=CASES, max_size=CASES
        ),
    }
)


def _expected(world, teams, case_index, team_index, today):
    """The rules in plain code: which categories may this team see of this case today?"""
    owner = teams[world["owners"][case_index]]
    team = teams[team_index]
    links = {(c, t): ended for c, t, ended in world["links"]}
    related = team == owner or links.get((case_index, team_index)) is False
    if not related:
        return None
    purpose = world["purposes"][team_index]
    organisation = team_index // TEAMS_PER_ORGANISATION
    within = team_index % TEAMS_PER_ORGANISATION
    person = world["persons"][case_index]
    allowed = {"name"}
    if team == owner:
        # Its own task; no "same organisation" for anyone else.
        allowed |= set(PURPOSES[purpose].categories) & set(SHAREABLE)
    for basis in world["bases"]:
        if team == owner:
            break  # the owner's task is its basis; a law for a partner adds nothing to it
        starts = today + dt.timedelta(days=basis["starts"])
        ends = None if basis["ends"] is None else today + dt.timedelta(days=basis["ends"])
        if (
            basis["recipient"] == organisation
            and basis["team_purpose"] in ("", purpose)
            and starts <= today
            and (ends is None or today <= ends)
        ):
            allowed |= set(basis["categories"])
    for consent in world["consents"]:
        starts = today + dt.timedelta(days=consent["starts"])
        ends = starts + dt.timedelta(days=consent["length"])
        same_person = world["persons"][consent["case"]] == person
        for_this_case = consent["whole_person"] or consent["case"] == case_index
        if not (
            consent["recipient"] == organisation
            and consent["team"] in (None, within)
            and same_person
            and for_this_case
            and consent["state"] == ConsentState.GIVEN
            and starts <= today <= ends
        ):
            continue
        for category in consent["categories"]:
            if category == "identity":
                continue  # the BSN needs a law
            if category in SPECIAL and not consent["explicit_special"]:
                continue
            allowed.add(category)
    return allowed


def _build(world, today):
    organisations = [factories.OrganisationFactory() for _ in range(ORGANISATIONS)]
    teams = [
        factories.TeamFactory(organisation=organisation)
        for organisation in organisations
        for _ in range(TEAMS_PER_ORGANISATION)
    ]
    for team, purpose in zip(teams, world["purposes"], strict=True):
        team.purpose = purpose
        team.save(update_fields=["purpose"])
    persons = [factories.PersonFactory() for _ in range(2)]
    case_rows = [
        factories.CaseFactory(person=persons[world["persons"][i]], owning_team=teams[owner])
        for i, owner in enumerate(world["owners"])
    ]
    for case_index, team_index, ended in world["links"]:
        if teams[team_index] == case_rows[case_index].owning_team:
            continue
        CaseTeam.objects.create(
            case=case_rows[case_index],
            team=teams[team_index],
            ended_at=clock.now() if ended else None,
        )
    for basis in world["bases"]:
        StatutoryBasis.objects.create(
            recipient=organisations[basis["recipient"]],
            team_purpose=basis["team_purpose"],
            categories=basis["categories"],
            purpose="test",
            legal_reference="Testwet art. 1",
            source_url="https://wetten.overheid.nl/",
            valid_from=today + dt.timedelta(days=basis["starts"]),
            valid_until=None
            if basis["ends"] is None
            else max(
                today + dt.timedelta(days=basis["ends"]),
                today + dt.timedelta(days=basis["starts"]),
            ),
        )
    for c in world["consents"]:
        starts = today + dt.timedelta(days=c["starts"])
        case = case_rows[c["case"]]
        Consent.objects.create(
            person=case.person,
            case=None if c["whole_person"] else case,
            recipient=organisations[c["recipient"]],
            recipient_team=None
            if c["team"] is None
            else teams[c["recipient"] * TEAMS_PER_ORGANISATION + c["team"]],
            categories=c["categories"],
            purpose="test",
            explicit_special=c["explicit_special"],
            valid_from=starts,
            valid_until=starts + dt.timedelta(days=c["length"]),
            state=c["state"],
            recorded_via="desk",
        )
    return teams, case_rows


def _check_labels(disclosure, expected, label):
    """Labelled items in plain code (decision 0046): a contact needs the notes and its label's
    category, a document "documents" and its label's; not said or "team": the category alone.
    A handover's messages, for a team that neither sent nor received it: "team" always, not
    said only when nothing is withheld, else the label's category."""
    narrows = label not in ("", "team")
    for kind, category in (("contact", "case_notes"), ("document", "documents")):
        wanted = category in expected and (not narrows or label in expected)
        assert disclosure.allows_labelled(kind, "x", category, label) == wanted, (kind, label)
    if label == "team":
        message = True
    elif label == "":
        message = set(SHAREABLE) <= expected
    else:
        message = label in expected
    assert disclosure.may_read_text(label, written_by=1, reader=2, addressed_to=3) == message


def _normalise(world):
    """A basis whose end lies before its start ends on its start (the model refuses less)."""
    for basis in world["bases"]:
        if basis["ends"] is not None and basis["ends"] < basis["starts"]:
            basis["ends"] = basis["starts"]
    return world


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=world_strategy)
def test_the_policy_point_releases_exactly_what_a_basis_covers(world):
    world = _normalise(world)
    today = clock.today()
    with transaction.atomic():
        teams, case_rows = _build(world, today)
        for team_index, team in enumerate(teams):
            membership = factories.MembershipFactory(
                team=team, role=Role.PARTNER_WORKER, user__password=None
            )
            actor = Actor.worker(membership.user, membership)
            for case_index, case in enumerate(case_rows):
                expected = _expected(world, teams, case_index, team_index, today)
                try:
                    released = casework.case_for(actor, case.pk)
                except NotFoundOrForbidden:
                    assert expected is None, (team_index, case_index)
                    continue
                assert expected is not None, (team_index, case_index)
                assert set(released.disclosure.bases) == expected, (team_index, case_index)
                _check_labels(released.disclosure, expected, world["labels"][case_index])
        transaction.set_rollback(True)
