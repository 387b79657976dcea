"""The set-up screens say which legal references were confirmed on an official page and which
not: the register of processing activities, and the statutory bases of an organisation."""

import pytest
from django.urls import reverse

from eenloket.audit import services as audit
from eenloket.consent import services as consent
from eenloket.consent.models import StatutoryBasis
from eenloket.core import clock, legal_sources
from eenloket.core.actor import Actor
from eenloket.testing import factories

pytestmark = pytest.mark.django_db

SYSTEM = Actor.system("test")


def text(response):
    return response.content.decode()


def test_the_register_marks_each_citation_confirmed_or_not(
    manager_client, django_assert_num_queries
):
    audit.register_sync()
    manager_client.get(reverse("setup:register"))
    # session, user, memberships, the versions in force (one, whatever the register holds)
    with django_assert_num_queries(4):
        response = manager_client.get(reverse("setup:register"))
    page = text(response)
    assert response.status_code == 200
    assert "Verwerkingsregister" in page
    assert "Een vraag bekijken" in page
    unconfirmed = legal_sources.source("pw-7")
    confirmed = legal_sources.source("wgs-2")
    link = f'href="{unconfirmed.url}" rel="noopener">{unconfirmed.citation}</a>'
    assert f"{link} — <strong>niet bevestigd" in page
    assert f"{confirmed.citation}</a> — bevestigd op de officiële tekst (2026-12-07)" in page
    # Every activity shows its version in force; the retention rests on the Archiefwet.
    assert "niet opgeslagen" not in page
    assert legal_sources.source("archiefwet-5").citation in page


def test_an_organisation_shows_an_unconfirmed_basis_as_not_confirmed(manager_client):
    organisation = factories.OrganisationFactory(name="SVB (proef)")
    common = {
        "recipient": organisation,
        "categories": ["identity"],
        "purpose": "Kinderbijslag",
        "source_url": "https://wetten.overheid.nl/BWBR0013060/",
        "valid_from": clock.today(),
        "actor": SYSTEM,
    }
    consent.statutory_basis_add(legal_reference="Wet SUWI art. 54", **common)
    checked = legal_sources.source("suwi-34")
    consent.statutory_basis_add(
        legal_reference=checked.citation,
        confirmed_by=checked.confirmed_by,
        confirmed_on=clock.today(),
        **common,
    )
    page = text(manager_client.get(reverse("setup:organisation", args=[organisation.pk])))
    assert "Wet SUWI art. 54 (<a" in page
    assert page.count("<strong>niet bevestigd</strong>") == 1
    assert f"bevestigd op {clock.today().day} " in page


def test_a_confirmation_needs_an_official_page_and_the_day_it_was_read(manager_client):
    organisation = factories.OrganisationFactory(name="CAK (proef)")
    url = reverse("setup:basis_new", args=[organisation.pk])
    data = {
        "categories": ["identity", "debts"],
        "purpose": "Bestuursrechtelijke premie",
        "legal_reference": "Zorgverzekeringswet art. 18a tot en met 18g",
        "source_url": "https://wetten.overheid.nl/BWBR0018450/",
        "valid_from": clock.today().isoformat(),
    }
    preview = manager_client.post(url, {**data, "step": "preview"})
    assert "Niet bevestigd: niemand heeft vastgelegd" in text(preview)
    blog = manager_client.post(
        url,
        {**data, "confirmed_by": "https://avgb.nl/ — tekst", "confirmed_on": data["valid_from"],
         "step": "confirm"},
    )  # fmt: skip
    assert blog.status_code == 400 and "adres van de officiële pagina" in text(blog)
    no_day = manager_client.post(
        url,
        {**data, "confirmed_by": legal_sources.source("zvw-18a-18g").confirmed_by,
         "step": "confirm"},
    )  # fmt: skip
    assert no_day.status_code == 400 and "de dag waarop u die las" in text(no_day)
    assert not StatutoryBasis.objects.exists()
    read = {
        **data,
        "confirmed_by": legal_sources.source("zvw-18a-18g").confirmed_by,
        "confirmed_on": data["valid_from"],
    }
    preview = manager_client.post(url, {**read, "step": "preview"})
    assert "Niet bevestigd" not in text(preview)
    assert manager_client.post(url, {**read, "step": "confirm"}).status_code == 302
    assert StatutoryBasis.objects.get().confirmed
