"""A small world for the partner API: a municipal desk sends handovers to a UWV team, whose
system is a client with every scope; a housing corporation's system is another client."""

import datetime as dt

import pytest
from django.test import Client

from eenloket.access import api as rules
from eenloket.accounts.models import Role
from eenloket.api import services as api_services
from eenloket.cases import services as cases
from eenloket.consent import services as consent
from eenloket.core import clock
from eenloket.core.actor import Actor
from eenloket.directory import services as directory
from eenloket.directory.models import Organisation
from eenloket.handovers import services as handovers
from eenloket.testing import factories

SYSTEM = Actor.system("api test")
ALL_SCOPES = sorted(rules.SCOPES)


def bearer(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}", HTTP_ACCEPT_LANGUAGE="en")


class PartnerWorld:
    def handover(self, *, person=None, send=True):
        """A new case at the desk, handed over to the UWV line (sent unless ``send=False``)."""
        case = cases.case_open(
            person=person or factories.PersonFactory(channels_preferred=["letter"]),
            question_verbatim="Ik heb geen werk meer.",
            owning_team=self.desk.team,
            coordinator=self.desk.user,
            next_step="Doorverwijzen",
            next_step_due=clock.today() + dt.timedelta(days=2),
            actor=self.desk_actor,
        )
        consent.consent_record(
            case=case,
            recipient=self.uwv,
            categories=["contact", "income"],  # UWV can reach her (decision 0039)
            purpose="WW aanvragen",
            valid_until=clock.today() + dt.timedelta(days=60),
            given=True,
            recorded_via="desk",
            actor=self.desk_actor,
        )
        handover = handovers.handover_draft(
            case=case,
            contact_point=self.uwv_line,
            question="Kunnen jullie helpen met de WW?",
            why_this_organisation="WW",
            asked="Bel haar.",
            actor=self.desk_actor,
        )
        if send:
            handovers.handover_send(handover=handover, actor=self.desk_actor)
        return handover


@pytest.fixture
def partner_world(db):
    w = PartnerWorld()
    w.desk = factories.MembershipFactory(role=Role.COORDINATOR)
    w.desk_actor = Actor.worker(w.desk.user, w.desk)
    w.uwv = factories.OrganisationFactory(name="UWV (api)", kind=Organisation.Kind.NATIONAL_AGENCY)
    w.uwv_team = factories.TeamFactory(organisation=w.uwv, name="Directe lijn WW")
    w.uwv_line = directory.contact_point_create(
        team=w.uwv_team, name="WW", service_level_hours=8, phone="030 000 00 41", actor=SYSTEM
    )
    w.mitros = factories.OrganisationFactory(name="Mitros (api)", kind=Organisation.Kind.HOUSING)
    w.mitros_team = factories.TeamFactory(organisation=w.mitros, name="Klantcontact")
    w.mitros_line = directory.contact_point_create(
        team=w.mitros_team, name="Huur", service_level_hours=8, phone="030 000 00 42", actor=SYSTEM
    )
    w.uwv_client, w.uwv_token = api_services.client_create(
        name="UWV WW-systeem", team=w.uwv_team, scopes=ALL_SCOPES, actor=SYSTEM
    )
    w.mitros_client, w.mitros_token = api_services.client_create(
        name="Mitros CRM",
        team=w.mitros_team,
        scopes=[s for s in ALL_SCOPES if s != rules.DIRECT_LINES_READ.name],
        actor=SYSTEM,
    )
    w.uwv_api = bearer(w.uwv_token)
    w.mitros_api = bearer(w.mitros_token)
    return w
