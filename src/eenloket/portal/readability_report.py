"""The readability report: every citizen-facing template rendered with the scenario data (demo),
scored on Flesch-Douma and checked for official jargon (core/readability.py).

Pages are rendered through Django's test client as a logged-in demo citizen, so what is scored
is exactly what the citizen reads; messages are rendered from their templates with the texts the
services put in them."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from eenloket import demodata
from eenloket.core.readability import Score, page_text, score
from eenloket.notifications.services import render

MESSAGE_CONTEXT = {
    "case_confirmation": {
        "name": "Sandra Jansen",
        "date": "12-11-2026",
        "understood": "U hebt geen werk meer en de brieven stapelen zich op.",
        "next_step": "Wij doen samen met u de aanvraag voor de WW. Wij bellen u morgen.",
        "contact_name": "Fatima Demir, Informatiepunt Bibliotheek",
        "contact_phone": "14 030",
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
}


def _pages() -> list[tuple[str, str]]:
    from eenloket.consent import access

    demodata.load()
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    rendered = [("portal/login.html", client.get("/mijn/inloggen/").content.decode())]
    people = {p.given_names: p for p in access.demo_login_people()}
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
    rendered += _login_pages()
    return rendered


def _login_pages() -> list[tuple[str, str]]:
    """The pages of the DigiD/eHerkenning login (portal/login_views.py): each way it can fail,
    and "we do not know you yet", rendered as the citizen gets them."""
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    from eenloket.accounts import oidc
    from eenloket.portal import login_views

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
    from eenloket.consent import access
    from eenloket.core.actor import Actor
    from eenloket.portal.letter import letter_text

    sandra = next(p for p in access.demo_login_people() if p.given_names == "Sandra")
    case = access.citizen_cases(Actor.citizen(sandra.pk, assurance="substantieel"))[0]
    return letter_text(case)


def report() -> list[tuple[str, Score]]:
    """Every citizen-facing template in Dutch with its score, pages and messages."""
    rows = [(name, score(page_text(html))) for name, html in _pages()]
    rows.append(("portal/letter.txt", score(_letter())))
    for key, context in MESSAGE_CONTEXT.items():
        for variant in ("detail", "notice"):
            subject, body = render(key, "nl", variant, context)
            rows.append((f"messages/{key}/nl/{variant}", score(f"{subject}\n{body}")))
    return rows
