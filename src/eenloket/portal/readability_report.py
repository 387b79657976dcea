"""The readability report: every citizen-facing template rendered with the scenario data (demo),
scored on Flesch-Douma and checked for official jargon (core/readability.py).

Pages are rendered through Django's test client as a logged-in demo citizen, so what is scored
is exactly what the citizen reads; messages are rendered from their templates with the texts the
services put in them."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from eenloket.access import citizens
from eenloket.accounts import oidc
from eenloket.appointments.services import when_text
from eenloket.appointments.slots import TZ
from eenloket.cases.overview_letter import letter_text
from eenloket.core.actor import Actor
from eenloket.core.readability import Score, page_text, score
from eenloket.demo import data as demodata
from eenloket.documents.services import refusal_texts
from eenloket.notifications import outbox
from eenloket.notifications.services import render
from eenloket.portal import login_views

MESSAGE_CONTEXT = {
    "case_confirmation": {
        "name": "Sandra Jansen",
        "date": "12-11-2026",
        "understood": "U hebt geen werk meer en de brieven stapelen zich op.",
        "next_step": "Wij doen samen met u de aanvraag voor de WW. Wij bellen u morgen.",
        "contact_name": "Fatima Demir, Informatiepunt Bibliotheek",
        "contact_phone": "14 030",
    },
    "citizen_message": {
        "name": "Amira El Amrani",
        "subject": "Woning zoeken met Mitros",
        "text": (
            "Ik heb Mitros gebeld. Zij kijken of er een woning voor u is. Zij bellen u binnen "
            "twee weken. Hebt u al een brief van Mitros gekregen? Laat het mij dan weten."
        ),
        "contact_name": "Fatima Demir, Informatiepunt Bibliotheek",
        "contact_phone": "14 030",
        "desk_phone": "14 030",
    },
    "consent_receipt": {
        "name": "Sandra Jansen",
        "state": "given",
        "recipient": "UWV",
        "what": "uw contactgegevens en uw inkomen",
        "purpose": "Hulp bij uw aanvraag voor de WW",
        "until": "12-05-2027",
        "receipt_id": "T-2026-0001",
        "desk_phone": "14 030",
    },
    "break_glass": {
        "name": "Sandra Jansen",
        "organisation": "Gemeente Utrecht",
        "opened_at": "12-11-2026 16:05",
        "reason": "Mevrouw krijgt morgen een afsluiting van gas en licht.",
        "desk_phone": "14 030",
    },
}


def _pages() -> list[tuple[str, str]]:

    demodata.load()
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    rendered = [("portal/login.html", client.get("/mijn/inloggen/").content.decode())]
    people = {p.given_names: p for p in citizens.demo_login_people()}
    client.post(
        "/mijn/inloggen/", {"person": str(people["Sandra"].pk), "assurance": "substantieel"}
    )
    overview = client.get("/mijn/")
    rendered.append(("portal/overview.html", overview.content.decode()))
    first = re.search(r"/mijn/vragen/[0-9a-f-]+/", overview.content.decode()).group(0)
    rendered.append(("portal/case.html", client.get(first).content.decode()))
    rendered.append(("portal/choices.html", client.get("/mijn/keuzes/").content.decode()))
    rendered.append(("portal/ask.html", client.get("/mijn/vraag/").content.decode()))
    rendered.append(("portal/reach.html", client.get("/mijn/bereikbaarheid/").content.decode()))
    rendered.append(("portal/who_looked.html", client.get("/mijn/wie-keek/").content.decode()))
    rendered.append(("portal/my_data.html", client.get("/mijn/gegevens/").content.decode()))
    rendered.append(
        ("portal/rights_request.html", client.get("/mijn/gegevens/verzoek/").content.decode())
    )
    rendered += _appointment_pages(client)
    rendered += _login_pages()
    # Kees's bakery question has other organisations on the team: the form to give a yes.
    kees = Client(HTTP_ACCEPT_LANGUAGE="nl")
    kees.post("/mijn/inloggen/", {"person": str(people["Kees"].pk), "assurance": "substantieel"})
    rendered.append(("portal/consent_give.html", kees.get("/mijn/keuzes/nieuw/").content.decode()))
    # Peter helps his father with money and post: choosing to act for him, then acting.
    peter = Client(HTTP_ACCEPT_LANGUAGE="nl")
    peter.post("/mijn/inloggen/", {"person": str(people["Peter"].pk), "assurance": "substantieel"})
    acting = peter.get("/mijn/namens/").content.decode()
    rendered.append(("portal/act_for.html", acting))
    chosen = re.search(r'name="representation" value="([0-9a-f-]+)"', acting).group(1)
    peter.post("/mijn/namens/", {"representation": chosen})
    rendered.append(("portal/overview.html (acting)", peter.get("/mijn/").content.decode()))
    rendered.append(
        ("portal/not_for_representative.html", peter.get("/mijn/wie-keek/").content.decode())
    )
    return rendered


def _message_and_document_pages() -> list[tuple[str, str]]:
    """Amira's messages (the demo's message from Fatima, delivered to Mijn overzicht by the
    outbox, as the demo's worker would): the list and the message; and the page to send a
    document with her question. Called after ``_pages`` (the demo is loaded)."""

    outbox.send_due("readability")
    amira = next(p for p in citizens.demo_login_people() if p.given_names == "Amira")
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.post("/mijn/inloggen/", {"person": str(amira.pk), "assurance": "substantieel"})
    listing = client.get("/mijn/berichten/").content.decode()
    one = re.search(r"/mijn/berichten/[0-9a-f-]+/", listing).group(0)
    question = re.search(r"/mijn/vragen/[0-9a-f-]+/", listing).group(0)
    return [
        ("portal/messages.html", listing),
        ("portal/message.html", client.get(one).content.decode()),
        ("portal/document_upload.html", client.get(f"{question}document/").content.decode()),
    ]


def _appointment_pages(client) -> list[tuple[str, str]]:
    """Make an appointment step by step, see it, and the page to cancel it; ask for a call
    back. Rolled back afterwards: the report leaves the demo data as it found it."""
    from django.db import transaction

    pages = []
    with transaction.atomic():
        desks = client.get("/mijn/afspraak/").content.decode()
        pages.append(("portal/appointment.html (desk)", desks))
        desk = re.search(r"\?locatie=([0-9a-f-]+)", desks).group(1)
        days = client.get(f"/mijn/afspraak/?locatie={desk}").content.decode()
        pages.append(("portal/appointment.html (day)", days))
        day = re.search(r"dag=(\d{4}-\d{2}-\d{2})", days).group(1)
        times = client.get(f"/mijn/afspraak/?locatie={desk}&dag={day}").content.decode()
        pages.append(("portal/appointment.html (time)", times))
        slot = re.search(r'name="slot" value="([^"]+)"', times).group(1)
        client.post("/mijn/afspraak/", {"locatie": desk, "dag": day, "slot": slot})
        overview = client.get("/mijn/").content.decode()
        pages.append(("portal/_appointments.html", overview))
        cancel = re.search(r"/mijn/afspraak/[0-9a-f-]+/annuleren/", overview).group(0)
        pages.append(("portal/appointment_cancel.html", client.get(cancel).content.decode()))
        pages.append(("portal/callback.html", client.get("/mijn/terugbellen/").content.decode()))
        transaction.set_rollback(True)
    return pages


def _appointment_messages() -> list[tuple[str, dict]]:
    """The confirmations of an appointment, its cancellation and a call-back request, with the
    texts the services put in them (docs/appointments.md)."""
    import datetime as dt

    from django.utils import translation
    from django.utils.translation import gettext as _

    base = dict(MESSAGE_CONTEXT["case_confirmation"])
    with translation.override("nl"):
        when = when_text(dt.datetime(2026, 12, 1, 10, 30, tzinfo=TZ))
        place = "Loket in de bibliotheek"
        made = {
            **base,
            "understood": _("Appointment made at %(place)s on %(when)s.")
            % {"place": place, "when": when},
            "next_step": _(
                "Come to %(address)s on %(when)s. Bring your ID. Can you not come? Cancel the "
                "appointment in Mijn overzicht, or call %(phone)s."
            )
            % {"address": place + ", Neude 11, Utrecht", "when": when, "phone": "14 030"},
        }
        cancelled = {
            **base,
            "understood": _("Appointment at %(place)s on %(when)s cancelled.")
            % {"place": place, "when": when},
            "next_step": _("You can make a new appointment in Mijn overzicht, or call %(phone)s.")
            % {"phone": "14 030"},
        }
        callback = {
            **base,
            "understood": _("Please call me back on %(phone)s, %(when)s.")
            % {"phone": "0612345678", "when": "in de ochtend"},
            "next_step": _("We will call you back by %(due)s.") % {"due": "dinsdag 1 december"},
        }
    return [
        ("appointment_made", made),
        ("appointment_cancelled", cancelled),
        ("callback_requested", callback),
    ]


def _login_pages() -> list[tuple[str, str]]:
    """The pages of the DigiD/eHerkenning login (portal/login_views.py): each way it can fail,
    and "we do not know you yet", rendered as the citizen gets them."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    request = RequestFactory().get("/mijn/inloggen/terug/")
    pages = []
    with translation.override("nl"):
        for kind in (oidc.EXPIRED, oidc.CANCELLED, oidc.UNAVAILABLE, oidc.NOT_VERIFIED):
            response = login_views._failed(request, oidc.LoginFailed("report", kind=kind), "digid")
            pages.append((f"portal/login_failed.html ({kind})", response.content.decode()))
        for company in (False, True):
            html = render_to_string(
                "portal/login_unknown.html",
                {"desk_phone": settings.EENLOKET_DESK_PHONE, "company": company},
                request=request,
            )
            pages.append((f"portal/login_unknown.html (company={company})", html))
        methods = [{"kind": k, "label": label} for k, label in login_views.METHOD_BUTTONS.items()]
        html = render_to_string("portal/login.html", {"methods": methods}, request=request)
        pages.append(("portal/login.html (DigiD and eHerkenning)", html))
    return pages


def _letter() -> str:
    """Sandra's letter, her case read as she would read it (through the policy point)."""

    sandra = next(p for p in citizens.demo_login_people() if p.given_names == "Sandra")
    case = citizens.citizen_cases(Actor.citizen(sandra.pk, assurance="substantieel"))[0]
    return letter_text(case)


def report() -> list[tuple[str, Score]]:
    """Every citizen-facing template in Dutch with its score, pages and messages."""
    rows = [(name, score(page_text(html))) for name, html in _pages()]
    rows += [(name, score(page_text(html))) for name, html in _message_and_document_pages()]
    rows.append(("cases/print_overview.html", score(_letter())))
    for key, context in MESSAGE_CONTEXT.items():
        for variant in ("detail", "notice"):
            subject, body = render(key, "nl", variant, context)
            rows.append((f"messages/{key}/nl/{variant}", score(f"{subject}\n{body}")))
    rows.append(("documents: every refusal of a file", score("\n".join(_refusals()))))
    for name, context in _appointment_messages():
        for variant in ("detail", "notice"):
            subject, body = render("case_confirmation", "nl", variant, context)
            rows.append(
                (f"messages/case_confirmation/{name}/nl/{variant}", score(f"{subject}\n{body}"))
            )
    return rows


def _refusals() -> list[str]:
    from django.utils import translation

    with translation.override("nl"):
        return refusal_texts()
