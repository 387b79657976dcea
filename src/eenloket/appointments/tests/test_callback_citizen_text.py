"""The call-back-done form lets the worker choose or write what the citizen reads of the call
(decision 0051, #25); without one the citizen's timeline keeps the plain "We called you."."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import translation

from eenloket.appointments import services
from eenloket.appointments.models import CallbackRequest
from eenloket.appointments.tests.test_services import _citizen, _own, world  # noqa: F401
from eenloket.cases import citizen_texts
from eenloket.core import clock
from eenloket.testing.fixtures import log_in

pytestmark = pytest.mark.django_db


def _ask(world):  # noqa: F811
    sandra = world["people"][0]
    return services.callback_request(
        own_cases=_own(sandra), case=world["case"], phone="0612345678",
        part_of_day="afternoon", actor=_citizen(sandra),
    )  # fmt: skip


@pytest.mark.parametrize(
    "chosen, written, reads",
    [
        (citizen_texts.CALLED_BACK_APPOINTMENT, "",
         "We called you back and made an appointment with you."),
        ("", "We spraken af dat u dinsdag langskomt.", "We spraken af dat u dinsdag langskomt."),
        ("", "", "We called you."),
    ],
)  # fmt: skip
def test_the_worker_chooses_or_writes_what_the_citizen_reads_of_the_call(
    world,  # noqa: F811
    chosen,
    written,
    reads,
):
    asked = _ask(world)
    client = log_in(Client(), world["coordinator"].user)
    url = f"/werk/zaken/{world['case'].pk}/terugbellen/{asked.pk}/"
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="summary_citizen_key"' in form.content.decode()
    assert 'name="summary_citizen"' in form.content.decode()
    response = client.post(
        url,
        {
            "summary": "Gebeld: zij komt dinsdag langs voor de huur.",
            "summary_citizen_key": chosen,
            "summary_citizen": written,
            "next_step": "Gesprek aan de balie",
            "next_step_due": (clock.today() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    contact = CallbackRequest.objects.get(pk=asked.pk).contact
    assert contact.summary_citizen_key == chosen
    with translation.override("en"):
        assert citizen_texts.contact(contact) == reads


def test_a_text_not_on_the_list_is_refused_plainly(world):  # noqa: F811
    asked = _ask(world)
    client = log_in(Client(), world["coordinator"].user)
    url = f"/werk/zaken/{world['case'].pk}/terugbellen/{asked.pk}/"
    response = client.post(
        url,
        {
            "summary": "Gebeld.",
            "summary_citizen_key": "anything_else",
            "next_step": "Gesprek aan de balie",
            "next_step_due": (clock.today() + dt.timedelta(days=5)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Gebeld." in response.content.decode()  # nothing valid lost
    assert CallbackRequest.objects.get(pk=asked.pk).contact is None
