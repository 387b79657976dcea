"""factory_boy factories for tests (and for nothing else: demo data goes through services)."""

import datetime as dt

import factory

from eenloket.accounts.models import Membership, Role, User
from eenloket.cases.models import Case, CaseTeam
from eenloket.core import clock
from eenloket.directory.models import Organisation, Team
from eenloket.people.models import Person

TEST_PASSWORD = "correct-horse-battery"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = Organisation.Kind.MUNICIPALITY


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"worker{n}")
    display_name = factory.Sequence(lambda n: f"Worker {n}")
    is_demo = False
    password = factory.django.Password(TEST_PASSWORD)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    team = factory.SubFactory(TeamFactory)
    organisation = factory.LazyAttribute(
        lambda o: o.team.organisation if o.team else OrganisationFactory()
    )
    role = Role.FRONTLINE_WORKER
    valid_from = factory.LazyFunction(lambda: clock.today() - dt.timedelta(days=30))


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_names = factory.Iterator(["Sandra", "Hendrik", "Yusuf", "Kees", "Amira"])
    surname = factory.Iterator(["Jansen", "Vries", "Yilmaz", "Bakker", "El Amrani"])
    birth_date = dt.date(1984, 5, 17)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    question_verbatim = "Ik heb geen werk meer en de brieven stapelen zich op."
    owning_team = factory.SubFactory(TeamFactory)
    next_step = "Terugbellen"
    next_step_due = factory.LazyFunction(lambda: clock.today() + dt.timedelta(days=2))


class CaseTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseTeam

    case = factory.SubFactory(CaseFactory)
    team = factory.SubFactory(TeamFactory)


def consent_to_team(case, team, categories=("contact", "case_notes"), days: int = 90):
    """A given consent of the case's person to one team (decision 0039): by default what a
    team needs to act on a handover, a way to reach the citizen and the question."""
    from eenloket.consent.models import Consent, ConsentState

    return Consent.objects.create(
        person=case.person,
        case=case,
        recipient=team.organisation,
        recipient_team=team,
        categories=list(categories),
        purpose="Contact opnemen over de vraag (test)",
        valid_from=clock.today(),
        valid_until=clock.today() + dt.timedelta(days=days),
        state=ConsentState.GIVEN,
        recorded_via="desk",
    )
