"""The worker's plan table shows, beside the team's wording, what the citizen reads of an
action of the citizen or representative (decision 0051, #25), so the worker knows what the
citizen sees; an action of a worker or organisation shows none."""

import datetime as dt
import re

import pytest
from django.test import Client

from eenloket.cases import citizen_texts
from eenloket.core import clock
from eenloket.teamwork import services
from eenloket.teamwork.models import OwnerKind
from eenloket.teamwork.tests.test_teamwork import world  # noqa: F401 (fixture)
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db


def test_the_plan_table_shows_what_the_citizen_reads(world):  # noqa: F811
    case, coordinator = world["case"], world["coordinator"]
    due = clock.today() + dt.timedelta(days=7)
    for what, owner_kind, key, text in (
        ("Brieven van de Belastingdienst meenemen", OwnerKind.CITIZEN,
         citizen_texts.BRING_LETTERS, ""),
        ("Bewindvoerder stuurt loonstroken", OwnerKind.REPRESENTATIVE,
         "", "Stuurt u ons de loonstroken van maart?"),
        ("Budgetplan maken", OwnerKind.ORGANISATION, "", ""),
    ):  # fmt: skip
        services.action_add(
            case=case, what=what, owner_kind=owner_kind, what_citizen_key=key,
            what_citizen=text, due_on=due, actor=coordinator,
            owner_team=coordinator.membership.team,
        )  # fmt: skip
    client = log_in(Client(), coordinator.user)
    client.cookies["django_language"] = "en"
    page = client.get(f"/werk/zaken/{case.pk}/?deel=team").content.decode()
    reads = re.findall(r"The citizen reads: <q>([^<]*)</q>", page)
    assert reads == [
        "Bring your letters to your next appointment. Also the ones you did not open.",
        "Stuurt u ons de loonstroken van maart?",
    ]
    assert "Budgetplan maken" in page  # the organisation's action, without a citizen text
