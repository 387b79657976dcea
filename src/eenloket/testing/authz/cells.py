"""How one cell of the matrix is checked: the actor logged in as a real login leaves the
session, the URL's ids taken from the world, and the answer classified."""

from __future__ import annotations

from http.cookies import SimpleCookie
from urllib.parse import urlparse

from django.test import Client

from eenloket.accounts.middleware import SESSION_EPOCH, SESSION_LOGIN_AT, SESSION_SECOND_FACTOR_AT
from eenloket.testing.authz.actors import API_CLIENTS, CITIZENS, WORKERS, Rule
from eenloket.testing.authz.world import World

# Logging in as an actor ------------------------------------------------------------------------


def client_for(actor: str, world: World) -> Client:
    """A client logged in as ``actor`` the way a real login leaves the session."""
    from eenloket.core import clock
    from eenloket.portal import session as portal_session

    client = Client(REMOTE_ADDR="127.0.0.9")
    if actor in API_CLIENTS:
        client = Client(REMOTE_ADDR="127.0.0.9", HTTP_AUTHORIZATION=f"Bearer {world.tokens[actor]}")
    elif actor in WORKERS:
        user = world.users[actor]
        client.force_login(user, backend="eenloket.accounts.backends.WorkerBackend")
        session = client.session
        session[SESSION_LOGIN_AT] = session[SESSION_SECOND_FACTOR_AT] = clock.now().timestamp()
        session[SESSION_EPOCH] = user.session_epoch
        session.save()
    elif actor in CITIZENS:
        person = world.persons[actor]
        session = client.session
        session[portal_session.SESSION_PERSON] = str(person.pk)
        session[portal_session.SESSION_ASSURANCE] = "substantieel"
        session[portal_session.SESSION_LOGIN_AT] = clock.now().timestamp()
        session[portal_session.SESSION_METHOD] = "digid"
        representation = world.representations.get(actor)
        if representation is not None:
            session[portal_session.SESSION_ACTING] = str(representation.pk)
            session[portal_session.SESSION_ACTING_FOR] = str(representation.represented_id)
            session[portal_session.SESSION_ACTING_NAME] = "(matrix)"
        session.save()
    return client


def fresh_client(world: World, actor: str) -> Client:
    """The actor's client with its login cookies as built (a cell may have logged out)."""
    client = world.clients[actor]
    client.cookies = SimpleCookie(world.cookies[actor])
    return client


# The answer ------------------------------------------------------------------------------------

LOGIN_PAGES = ("/werk/inloggen/", "/mijn/inloggen/", "/mijn/")


def outcome(response) -> str:
    """Classify an answer: "allow", "deny" or "error" (a 500 is never right)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 401:  # the API without a usable bearer token
        return "deny"
    if status == 405:
        return "wrong method (the entry's method is not the route's)"
    if status in (403, 404):
        return "deny"
    if status in (301, 302, 303):
        target = urlparse(response["Location"]).path
        if target.startswith("/werk/inloggen/") and not target.startswith(
            "/werk/inloggen/bevestigen/"
        ):
            return "deny"
        if target == "/mijn/inloggen/":
            return "deny"
        return "allow"
    return "allow"


def ids_for(entry: Rule, world: World) -> dict:
    ids = dict(world.ids)
    for part, name in entry.ids.items():
        ids[part] = world.ids[name]
    return ids


def form_for(entry: Rule, world: World) -> dict:
    """The form ``entry`` posts, with each ``"<name>"`` replaced by the world's id."""
    return {
        key: str(world.ids[value[1:-1]]) if value.startswith("<") and value.endswith(">") else value
        for key, value in (entry.form or {}).items()
    }
