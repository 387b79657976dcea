"""A representative sees, inside a question their representation covers, only what is about
their matters: per data category, the same on every try (issue #20, decision 0046).

The case the issue reported: a representative for housing only saw the debt checklist of the
same person on a question about rent and debts, while the person's debt-only question was
closed to them. Each category is pinned here through the portal (the policy point decides,
the pages only show)."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.access.citizen_overview import overviews
from eenloket.access.citizen_scope import scope_of
from eenloket.accounts.models import Role
from eenloket.cases import services as cases
from eenloket.cases.models import Case
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory.models import LifeEvent, LifeEventTask
from eenloket.people import services as people
from eenloket.people.models import Matter, RepresentationBasis, RepresentationKind
from eenloket.teamwork import services as teamwork
from eenloket.teamwork.models import OwnerKind
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

CATEGORIES = ("income", "debts", "housing", "health", "justice", "documents")
LIFE_EVENTS = {  # the case's key -> the directory's key
    "debts": "debts",
    "moving_house": "moving",
    "illness": "illness-disability",
    "job_loss": "job-loss",
    "leaving_detention": "leaving-detention",
}

# Written out, not derived from the code's table: what each matter must show (categories of
# the plan actions and notes, and the life events whose checklist shows).
EXPECTED = {
    Matter.FINANCIAL: ({"income", "debts"}, {"debts", "job_loss"}),
    Matter.HOUSING: ({"housing"}, {"moving_house"}),
    Matter.CARE: ({"health"}, {"illness"}),
    Matter.WORK: ({"income"}, {"job_loss"}),
    Matter.ADMINISTRATION: ({"documents"}, set()),
}


@pytest.fixture
def world():
    coordinator = factories.MembershipFactory(role=Role.COORDINATOR)
    worker = Actor.worker(coordinator.user, coordinator)
    father, son = factories.PersonFactory(), factories.PersonFactory()
    for position, (case_key, directory_key) in enumerate(LIFE_EVENTS.items()):
        event = LifeEvent.objects.create(
            key=directory_key, name=directory_key, name_en=directory_key, position=position
        )
        LifeEventTask.objects.create(
            life_event=event,
            organisation=coordinator.team.organisation,
            title=f"Lijstje-{case_key}",
            position=0,
        )
    case = cases.case_open(
        person=father,
        question_verbatim="De huur is achter, de schulden stapelen zich op en ik ben ziek.",
        needs=["income", "debt_help", "housing", "care", "work", "understand_letters"],
        life_events=list(LIFE_EVENTS),
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Wij bellen terug",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=worker,
    )
    debt_only = cases.case_open(
        person=father,
        question_verbatim="Alleen over de aanmaningen.",
        needs=["debt_help"],
        owning_team=coordinator.team,
        coordinator=coordinator.user,
        next_step="Wij bellen terug",
        next_step_due=clock.today() + dt.timedelta(days=2),
        actor=worker,
    )
    case = Case._base_manager.get(pk=case.pk)
    for about in (*CATEGORIES, "team", ""):
        label = about or "unsaid"
        teamwork.action_add(
            case=case,
            what=f"Team-{label}",
            what_citizen=f"Actie-{label}",  # what the citizen reads (decision 0051)
            owner_kind=OwnerKind.CITIZEN,
            due_on=clock.today() + dt.timedelta(days=5),
            actor=worker,
            about=about,
        )
        teamwork.team_note_add(
            case=case, text=f"Bericht-{label}", actor=worker, visible_to_citizen=True, about=about
        )
    teamwork.action_add(
        case=case,
        what="Team-voor-de-vertegenwoordiger",
        what_citizen="Actie-voor-de-vertegenwoordiger",
        owner_kind=OwnerKind.REPRESENTATIVE,
        due_on=clock.today() + dt.timedelta(days=5),
        actor=worker,
    )
    return {
        "worker": worker,
        "father": father,
        "son": son,
        "case": case,
        "debt_only": debt_only,
    }


def _represent(world, matters):
    return people.representation_create(
        represented=world["father"],
        representative=world["son"],
        kind=RepresentationKind.FAMILY,
        matters=matters,
        basis=RepresentationBasis.WRITTEN_AUTHORISATION,
        valid_from=clock.today() - dt.timedelta(days=1),
        valid_until=clock.today() + dt.timedelta(days=90),
        actor=world["worker"],
    )


def _acting(world, representation):
    client = Client()
    client.post("/mijn/inloggen/", {"person": str(world["son"].pk), "assurance": "substantieel"})
    response = client.post("/mijn/namens/", {"representation": str(representation.pk)})
    assert response.status_code == 302
    return client


def _shown(page: str, prefix: str, keys) -> set:
    return {key for key in keys if f"{prefix}-{key}" in page}


@pytest.mark.parametrize("matter", list(EXPECTED))
def test_a_representative_sees_each_category_of_their_matter_only(world, matter):
    categories, life_events = EXPECTED[matter]
    client = _acting(world, _represent(world, [matter]))
    for url in ("/mijn/", f"/mijn/vragen/{world['case'].pk}/"):
        page = client.get(url).content.decode()
        labels = (*CATEGORIES, "unsaid")
        assert _shown(page, "Actie", labels) == categories, url
        assert _shown(page, "Bericht", labels) == categories, url
        # An arrangement for everyone, and an action addressed to the representative: always.
        assert "Actie-team" in page and "Bericht-team" in page
        assert "Actie-voor-de-vertegenwoordiger" in page
        hidden = 2 * (len(CATEGORIES) + 1 - len(categories))
        assert f"{hidden} " in page  # "N things in this question ... only the person sees"
    case_page = client.get(f"/mijn/vragen/{world['case'].pk}/").content.decode()
    assert _shown(case_page, "Lijstje", LIFE_EVENTS) == life_events


def test_housing_only_never_sees_the_debt_checklist_on_either_try(world):
    """The reported case: by the mixed question and by the debt-only question alike."""
    client = _acting(world, _represent(world, [Matter.HOUSING]))
    mixed = client.get(f"/mijn/vragen/{world['case'].pk}/")
    assert mixed.status_code == 200
    assert "Lijstje-debts" not in mixed.content.decode()
    assert "Actie-debts" not in mixed.content.decode()
    assert "Lijstje-moving_house" in mixed.content.decode()
    assert client.get(f"/mijn/vragen/{world['debt_only'].pk}/").status_code == 404
    overview = client.get("/mijn/").content.decode()
    assert "Actie-debts" not in overview and "aanmaningen" not in overview


@pytest.mark.parametrize("whole", ["person", "all matters"])
def test_the_person_and_a_representative_for_all_matters_see_everything(world, whole):
    if whole == "person":
        client = Client()
        client.post(
            "/mijn/inloggen/", {"person": str(world["father"].pk), "assurance": "substantieel"}
        )
    else:
        client = _acting(world, _represent(world, [Matter.ALL]))
    page = client.get(f"/mijn/vragen/{world['case'].pk}/").content.decode()
    assert _shown(page, "Actie", (*CATEGORIES, "unsaid")) == {*CATEGORIES, "unsaid"}
    assert _shown(page, "Lijstje", LIFE_EVENTS) == set(LIFE_EVENTS)
    assert "only the person" not in page.lower() and "alleen de persoon" not in page.lower()


def test_the_policy_point_counts_what_it_does_not_show(world):
    representation = _represent(world, [Matter.CARE])
    [overview] = overviews([world["case"]], scope_of(representation))
    assert [a.what_citizen for a in overview.your_actions if a.owner_kind == OwnerKind.CITIZEN] == [
        "Actie-health",
        "Actie-team",
    ]
    assert sorted(n.text for n in overview.notes) == ["Bericht-health", "Bericht-team"]
    assert overview.outside_scope == 12  # six actions and six notes about other matters
    # A representation for this one question sees all of it.
    one_case = people.representation_create(
        represented=world["father"],
        representative=factories.PersonFactory(),
        kind=RepresentationKind.FAMILY,
        matters=[Matter.HOUSING],
        case=world["case"],
        basis=RepresentationBasis.WRITTEN_AUTHORISATION,
        valid_from=clock.today() - dt.timedelta(days=1),
        actor=world["worker"],
    )
    [whole] = overviews([world["case"]], scope_of(one_case))
    assert whole.outside_scope == 0
